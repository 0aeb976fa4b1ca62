import { and, assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type {
  AllocationContent,
  ResolutionContent,
  ResolutionStatus,
  ResourceClaimContent,
  SignalAction,
  SignalContent,
} from '../src/protocol/conflict-content.js';
import {
  type BallotContent,
  CONSENSUS,
  type EscalationContent,
  type OperatorDecision,
  type VoteContent,
} from '../src/protocol/consensus-content.js';
import type { Content } from '../src/protocol/content.js';
import type { Envelope, Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound, reply } from '../src/protocol/outbound.js';
import type { Receiver } from '../src/protocol/receiver.js';
import type { TrustQuery, TrustReport } from '../src/protocol/reputation-content.js';
import {
  type Claim,
  detectSignalConflict,
  type Grant,
  type Signal,
  type SignalConflict,
  signalSeverity,
  weightedAllocation,
} from './conflict-detection.js';
import { type Ballot, type Tally, tally } from './consensus-rules.js';
import { trustWeight } from './trust-award.js';

/** The topic a resolver reports on when it is given nobody else to tell. */
export const RESOLUTION_TOPIC = 'polis.resolutions';

const ACTIONS: readonly SignalAction[] = ['buy', 'sell', 'hold'];

export interface ConflictResolverInput {
  /** The symbol whose signals this resolver settles. */
  readonly symbol: string;
  /** How long to gather signals and claims after the first arrives (ms). Default 100. */
  readonly window?: number;
  /** Opposing signals are a conflict when their severity is above this. Default 0.2. */
  readonly threshold?: number;
  /**
   * How a conflict is settled: `weighted-vote` tallies the signals as they are; `consensus-round` first
   * sends the signal sources a ballot (with a deadline) and tallies their votes. Either way each vote
   * weighs the source's trust × its confidence. Default `weighted-vote`.
   */
  readonly resolveBy?: 'weighted-vote' | 'consensus-round';
  /** The side that wins must carry more than this share of the weight. Default 0.5. */
  readonly voteThreshold?: number;
  /** Deadline for ballots and the ledger's answer (ms). Default 100. */
  readonly deadline?: number;
  /** The reputation ledger to weigh sources and claimants by. Without one everyone weighs the same. */
  readonly ledger?: AgentId;
  /** Who settles what a vote cannot. Without one, an undecided vote falls back to `fallback`. */
  readonly operator?: AgentId;
  /** How long the operator has (ms). Default 1000. */
  readonly operatorTimeout?: number;
  /** The action taken when neither vote nor operator decides. Default `hold`. */
  readonly fallback?: SignalAction;
  /** Shared resources this resolver arbitrates, with their capacities. */
  readonly capacities?: Readonly<Record<string, number>>;
  /** Who hears each resolution. Default the topic `polis.resolutions`. */
  readonly reportTo?: readonly Receiver[];
}

interface PendingClaim {
  readonly claim: Claim;
  readonly envelope: Envelope;
}

export interface ConflictResolverContext {
  readonly me: AgentId;
  readonly symbol: string;
  readonly window: number;
  readonly threshold: number;
  readonly resolveBy: 'weighted-vote' | 'consensus-round';
  readonly voteThreshold: number;
  readonly deadline: number;
  readonly ledger: AgentId | undefined;
  readonly operator: AgentId | undefined;
  readonly operatorTimeout: number;
  readonly fallback: SignalAction;
  readonly capacities: Readonly<Record<string, number>>;
  readonly reportTo: readonly Receiver[];
  /** Batches settled so far; the current batch's id is `<me>.<batch>`. */
  readonly batch: number;
  readonly signals: readonly Signal[];
  readonly claims: readonly PendingClaim[];
  /** Signals and claims that arrived while a batch was being settled: they open the next one. */
  readonly waitingSignals: readonly Signal[];
  readonly waitingClaims: readonly PendingClaim[];
  readonly weights: Readonly<Record<AgentId, number>> | undefined;
  readonly conflict: SignalConflict | undefined;
  readonly votes: Readonly<Record<AgentId, Ballot>>;
  readonly result: Tally | undefined;
  readonly resolutions: readonly ResolutionContent[];
  readonly grants: readonly Grant[];
}

export type ConflictResolverEvent =
  | Inbound<'inform', SignalContent | VoteContent | TrustReport | OperatorDecision | Content>
  | Inbound<'request', ResourceClaimContent | Content>;

const isSignal = (c: Content): c is SignalContent => c.kind === 'signal';
const isClaim = (c: Content): c is ResourceClaimContent => c.kind === 'resource-claim';
const isVote = (c: Content): c is VoteContent => c.kind === 'vote';
const isTrustReport = (c: Content): c is TrustReport => c.kind === 'trust-report';
const isOperatorDecision = (c: Content): c is OperatorDecision => c.kind === 'operator-decision';
const conflictId = (context: ConflictResolverContext): string => `${context.me}.${context.batch + 1}`;

function withSignal(signals: readonly Signal[], event: ConflictResolverEvent): readonly Signal[] {
  if (!isSignal(event.content)) return signals;
  const { symbol, action, confidence } = event.content;
  const signal: Signal = { source: event.sender, symbol, action, confidence };
  return [...signals.filter((s) => s.source !== event.sender), signal];
}

function withClaim(claims: readonly PendingClaim[], event: ConflictResolverEvent): readonly PendingClaim[] {
  if (!isClaim(event.content)) return claims;
  const { resource, amount, priority } = event.content;
  const claim: Claim = {
    claimant: event.sender,
    resource,
    amount,
    ...(priority === undefined ? {} : { priority }),
  };
  return [...claims, { claim, envelope: event }];
}

/** The votes to tally: the ballots' answers after a round, else the signals themselves. */
function ballotsOf(context: ConflictResolverContext): Ballot[] {
  if (context.conflict !== undefined && context.resolveBy === 'consensus-round')
    return Object.values(context.votes);
  return context.signals.map((s) => ({ voter: s.source, value: s.action, confidence: s.confidence }));
}

function resolution(
  context: ConflictResolverContext,
  status: ResolutionStatus,
  value: SignalAction,
  confidence: number,
  reason?: string,
): ResolutionContent {
  const severity = signalSeverity(context.signals).severity;
  return {
    kind: 'resolution',
    conflictId: conflictId(context),
    symbol: context.symbol,
    status,
    value,
    ...(context.conflict === undefined && severity === 0 ? {} : { severity }),
    confidence,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * Settles conflicts between agents, as a hosted agent. It gathers trading signals on its symbol and
 * claims on shared resources for a window, weighs everyone by the ledger's trust, answers each claim with
 * a weighted allocation when the claims oversubscribe a resource, and detects opposing signals
 * (severity = |mean buy confidence − mean sell confidence| above the threshold). A conflict is settled by
 * a weighted vote or a consensus round among the sources; when that cannot decide, the operator is asked,
 * and if the operator is silent the fallback action is taken. Each batch ends with a `resolution` inform.
 *
 * @example
 * system.spawn(conflictResolver, { id: 'resolver', input: { symbol: 'ACME', ledger: 'ledger', operator: 'desk',
 *   capacities: { capital: 100_000 } } });
 */
export const conflictResolver = setup({
  types: {} as {
    context: ConflictResolverContext;
    input: AgentInput<ConflictResolverInput>;
    events: ConflictResolverEvent;
    emitted: Outbound;
  },
  guards: {
    isSignal: ({ context, event }) =>
      event.type === 'inform' && isSignal(event.content) && event.content.symbol === context.symbol,
    isClaim: ({ event }) => event.type === 'request' && isClaim(event.content),
    hasWaiting: ({ context }) => context.waitingSignals.length + context.waitingClaims.length > 0,
    hasLedger: ({ context }) => context.ledger !== undefined,
    isTrustReport: ({ context, event }) => event.sender === context.ledger && isTrustReport(event.content),
    noSignals: ({ context }) => context.signals.length === 0,
    isConflict: ({ context }) => context.conflict !== undefined,
    resolvesByRound: ({ context }) => context.resolveBy === 'consensus-round',
    isFreshVote: ({ context, event }) =>
      isVote(event.content) &&
      event.content.roundId === conflictId(context) &&
      context.signals.some((s) => s.source === event.sender) &&
      context.votes[event.sender] === undefined,
    everyoneVoted: ({ context }) => Object.keys(context.votes).length >= context.signals.length,
    isDecided: ({ context }) => context.result?.decided === true,
    hasOperator: ({ context }) => context.operator !== undefined,
    isOperatorDecision: ({ context, event }) =>
      event.sender === context.operator &&
      isOperatorDecision(event.content) &&
      event.content.ref === conflictId(context) &&
      ACTIONS.includes(event.content.value as SignalAction),
  },
  actions: {
    recordSignal: assign({ signals: ({ context, event }) => withSignal(context.signals, event) }),
    recordClaim: assign({ claims: ({ context, event }) => withClaim(context.claims, event) }),
    holdSignal: assign({ waitingSignals: ({ context, event }) => withSignal(context.waitingSignals, event) }),
    holdClaim: assign({ waitingClaims: ({ context, event }) => withClaim(context.waitingClaims, event) }),
    openWaiting: assign(({ context }) => ({
      signals: context.waitingSignals,
      claims: context.waitingClaims,
      waitingSignals: [],
      waitingClaims: [],
    })),
    askLedger: enqueueActions(({ context, enqueue }) => {
      const query: TrustQuery = { kind: 'trust-query' };
      enqueue.emit(
        outbound({
          performative: 'query-ref',
          receiver: context.ledger!,
          content: query,
          replyWithin: context.deadline,
        }),
      );
    }),
    takeWeights: assign({
      weights: ({ context, event }) => {
        if (!isTrustReport(event.content)) return context.weights;
        const { entries } = event.content;
        const parties = [
          ...context.signals.map((s) => s.source),
          ...context.claims.map((c) => c.claim.claimant),
        ];
        return Object.fromEntries(parties.map((p) => [p, trustWeight(entries.find((e) => e.subject === p))]));
      },
    }),
    allocate: enqueueActions(({ context, enqueue }) => {
      const grants: Grant[] = [];
      const weightOf = (agent: string) => context.weights?.[agent] ?? 1;
      for (const resource of new Set(context.claims.map((c) => c.claim.resource))) {
        const pending = context.claims.filter((c) => c.claim.resource === resource);
        const capacity = context.capacities[resource];
        const given =
          capacity === undefined
            ? pending.map((p) => ({ claimant: p.claim.claimant, requested: p.claim.amount, granted: 0 }))
            : weightedAllocation(
                pending.map((p) => p.claim),
                capacity,
                weightOf,
              );
        pending.forEach((p, i) => {
          const grant = given[i]!;
          grants.push(grant);
          if (capacity === undefined) {
            const reason = `'${context.me}' does not arbitrate '${resource}'`;
            enqueue.emit(reply(p.envelope, 'refuse', { kind: 'reason', reason }));
            return;
          }
          const content: AllocationContent = {
            kind: 'allocation',
            resource,
            requested: grant.requested,
            granted: grant.granted,
          };
          enqueue.emit(reply(p.envelope, 'inform', content));
        });
      }
      enqueue.assign({ grants: [...context.grants, ...grants] });
    }),
    detect: assign({
      conflict: ({ context }) => detectSignalConflict(context.signals, context.symbol, context.threshold),
    }),
    sendBallots: enqueueActions(({ context, enqueue }) => {
      const ballot: BallotContent = {
        kind: 'ballot',
        roundId: conflictId(context),
        question: `signals on ${context.symbol} conflict (severity ${context.conflict?.severity.toFixed(2)}): buy, sell or hold?`,
        attempt: 1,
        options: ACTIONS,
      };
      for (const source of context.signals.map((s) => s.source)) {
        enqueue.emit(
          outbound({
            performative: 'query-ref',
            receiver: source,
            content: ballot,
            replyWithin: context.deadline,
            protocol: CONSENSUS,
            conversationId: conflictId(context),
          }),
        );
      }
    }),
    recordVote: assign({
      votes: ({ context, event }) => {
        if (!isVote(event.content)) return context.votes;
        const { value, confidence } = event.content;
        return {
          ...context.votes,
          [event.sender]: { voter: event.sender, value, ...(confidence === undefined ? {} : { confidence }) },
        };
      },
    }),
    tallySignals: assign({
      result: ({ context }) =>
        tally(
          { rule: 'weighted', threshold: context.voteThreshold, quorum: 1 },
          {
            voters: context.signals.map((s) => s.source),
            votes: ballotsOf(context),
            options: ACTIONS,
            ...(context.weights === undefined ? {} : { weights: context.weights }),
          },
        ),
    }),
    settleByVote: assign({
      resolutions: ({ context }) => {
        const result = context.result;
        if (result === undefined || !result.decided) return context.resolutions;
        const status = context.conflict === undefined ? 'agreed' : 'resolved';
        return [
          ...context.resolutions,
          resolution(context, status, result.value as SignalAction, result.confidence),
        ];
      },
    }),
    escalate: enqueueActions(({ context, enqueue }) => {
      const result = context.result;
      const escalation: EscalationContent = {
        kind: 'escalation',
        ref: conflictId(context),
        reason: `signals on ${context.symbol} could not be settled by vote: ${
          result !== undefined && !result.decided ? result.reason : 'no decision'
        }`,
        options: ACTIONS,
        details: { signals: context.signals, severity: signalSeverity(context.signals).severity },
      };
      enqueue.emit(
        outbound({
          performative: 'request',
          receiver: context.operator!,
          content: escalation,
          replyWithin: context.operatorTimeout,
          priority: 'high',
          conversationId: conflictId(context),
        }),
      );
    }),
    settleByOperator: assign({
      resolutions: ({ context, event }) => {
        if (!isOperatorDecision(event.content)) return context.resolutions;
        const reason = event.content.reason ?? 'decided by the operator';
        return [
          ...context.resolutions,
          resolution(context, 'operator', event.content.value as SignalAction, 1, reason),
        ];
      },
    }),
    settleByFallback: assign({
      resolutions: ({ context }) => {
        const result = context.result;
        const why = result !== undefined && !result.decided ? result.reason : 'no decision';
        const reason = `${why}; ${context.operator === undefined ? 'no operator' : 'the operator did not answer'}, so ${context.fallback}`;
        return [...context.resolutions, resolution(context, 'unresolved', context.fallback, 0, reason)];
      },
    }),
    announce: enqueueActions(({ context, enqueue }) => {
      const last = context.resolutions[context.resolutions.length - 1];
      if (last === undefined) return;
      for (const receiver of context.reportTo) {
        enqueue.emit(outbound({ performative: 'inform', receiver, content: last }));
      }
    }),
    closeBatch: assign(({ context }) => ({
      batch: context.batch + 1,
      signals: [],
      claims: [],
      votes: {},
      conflict: undefined,
      result: undefined,
      weights: undefined,
    })),
  },
  delays: {
    window: ({ context }) => context.window,
    deadline: ({ context }) => context.deadline,
    operatorTimeout: ({ context }) => context.operatorTimeout,
  },
}).createMachine({
  id: 'conflict-resolver',
  context: ({ input }) => ({
    me: input.agent.id,
    symbol: input.symbol,
    window: input.window ?? 100,
    threshold: input.threshold ?? 0.2,
    resolveBy: input.resolveBy ?? 'weighted-vote',
    voteThreshold: input.voteThreshold ?? 0.5,
    deadline: input.deadline ?? 100,
    ledger: input.ledger,
    operator: input.operator,
    operatorTimeout: input.operatorTimeout ?? 1000,
    fallback: input.fallback ?? 'hold',
    capacities: input.capacities ?? {},
    reportTo: input.reportTo ?? [`#${RESOLUTION_TOPIC}`],
    batch: 0,
    signals: [],
    claims: [],
    waitingSignals: [],
    waitingClaims: [],
    weights: undefined,
    conflict: undefined,
    votes: {},
    result: undefined,
    resolutions: [],
    grants: [],
  }),
  initial: 'idle',
  on: {
    inform: { guard: 'isSignal', actions: 'holdSignal' },
    request: { guard: 'isClaim', actions: 'holdClaim' },
  },
  states: {
    idle: {
      description: 'Waits for the first signal or claim of a batch.',
      always: { guard: 'hasWaiting', target: 'collecting', actions: 'openWaiting' },
      on: {
        inform: { guard: 'isSignal', target: 'collecting', actions: 'recordSignal' },
        request: { guard: 'isClaim', target: 'collecting', actions: 'recordClaim' },
      },
    },
    collecting: {
      description: 'Gathers signals and claims until the window closes; without a ledger everyone weighs 1.',
      on: {
        inform: { guard: 'isSignal', actions: 'recordSignal' },
        request: { guard: 'isClaim', actions: 'recordClaim' },
      },
      after: { window: [{ guard: 'hasLedger', target: 'weighing' }, { target: 'allocating' }] },
    },
    weighing: {
      description: 'Asks the ledger how far to trust each party; a silent ledger leaves everyone weighing 1.',
      entry: 'askLedger',
      on: { inform: { guard: 'isTrustReport', target: 'allocating', actions: 'takeWeights' } },
      after: { deadline: 'allocating' },
    },
    allocating: {
      description: 'Answers every claim: in full when they fit, by weighted allocation when oversubscribed.',
      entry: ['allocate', 'detect'],
      always: [
        { guard: 'noSignals', target: 'idle', actions: 'closeBatch' },
        { guard: and(['isConflict', 'resolvesByRound']), target: 'balloting' },
        { target: 'tallying' },
      ],
    },
    balloting: {
      description: 'A consensus round among the signal sources: ballots out, votes until the deadline.',
      entry: 'sendBallots',
      on: { inform: { guard: 'isFreshVote', actions: 'recordVote' } },
      always: { guard: 'everyoneVoted', target: 'tallying' },
      after: { deadline: 'tallying' },
    },
    tallying: {
      description:
        'A weighted vote: trust × confidence per source; the winner needs more than the threshold.',
      entry: 'tallySignals',
      always: [
        { guard: 'isDecided', target: 'settled', actions: 'settleByVote' },
        { guard: 'hasOperator', target: 'escalated' },
        { target: 'settled', actions: 'settleByFallback' },
      ],
    },
    escalated: {
      description: 'The vote could not decide: the operator is asked, and has until the timeout.',
      entry: 'escalate',
      on: { inform: { guard: 'isOperatorDecision', target: 'settled', actions: 'settleByOperator' } },
      after: { operatorTimeout: { target: 'settled', actions: 'settleByFallback' } },
    },
    settled: {
      description: 'Announces the resolution and starts over.',
      entry: 'announce',
      always: { target: 'idle', actions: 'closeBatch' },
    },
  },
});
