import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import {
  type BallotContent,
  CONSENSUS,
  CONSENSUS_TOPIC,
  type DecisionContent,
  type EscalationContent,
  type RevealContent,
  type RevealRequest,
  type RoundStatus,
  type VoteContent,
  type VoteValue,
} from '../src/protocol/consensus-content.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound } from '../src/protocol/outbound.js';
import type { Receiver } from '../src/protocol/receiver.js';
import type {
  EvidenceContent,
  Outcome,
  TrustQuery,
  TrustReport,
} from '../src/protocol/reputation-content.js';
import {
  type Ballot,
  builtinRules,
  type RuleSet,
  type RuleSpec,
  ruleRefusal,
  type Tally,
  tally,
} from './consensus-rules.js';
import { trustWeight } from './trust-award.js';

/** How a round is set up. Only `question`, `voters` and `rule` are required. */
export interface ConsensusRoundConfig {
  /** Names the round in ballots and results. Default: the round agent's id. */
  readonly roundId?: string;
  readonly question: string;
  readonly voters: readonly AgentId[];
  readonly rule: RuleSpec;
  /** The allowed choices; a vote for anything else is invalid. */
  readonly options?: readonly VoteValue[];
  /** How long voters have to answer a ballot (ms). Default 1000. */
  readonly deadline?: number;
  /** Ballots sent at most this many times before escalating. Default 2 (one retry). */
  readonly attempts?: number;
  /** Pause before a retry (ms). Default 0. */
  readonly retryAfter?: number;
  /** Weight per voter (stake). Weighted rules with `by: 'reputation'` ask the ledger instead. */
  readonly weights?: Readonly<Record<AgentId, number>>;
  /** The reputation ledger: asked for weights, and told about dissenters. */
  readonly ledger?: AgentId;
  /** Where evidence about voters goes. Default: the ledger, if there is one. */
  readonly evidenceTo?: Receiver;
  /** Who hears the result. Default: the topic `polis.consensus`. */
  readonly reportTo?: readonly Receiver[];
  /** The operator to escalate to when the round cannot decide. */
  readonly escalateTo?: AgentId;
  /** After deciding, ask voters to reveal what they hold; a vote that differs was a lie. */
  readonly reveal?: boolean;
}

export interface ConsensusRoundContext {
  readonly roundId: string;
  readonly question: string;
  readonly voters: readonly AgentId[];
  readonly rule: RuleSpec;
  readonly options: readonly VoteValue[] | undefined;
  readonly deadline: number;
  readonly attempts: number;
  readonly retryAfter: number;
  readonly weights: Readonly<Record<AgentId, number>> | undefined;
  readonly ledger: AgentId | undefined;
  readonly evidenceTo: Receiver | undefined;
  readonly reportTo: readonly Receiver[];
  readonly escalateTo: AgentId | undefined;
  readonly reveal: boolean;
  /** The current attempt, from 1. */
  readonly attempt: number;
  readonly votes: Readonly<Record<AgentId, Ballot>>;
  readonly reveals: Readonly<Record<AgentId, VoteValue>>;
  readonly result: Tally | undefined;
  /** What the round reported when it ended. */
  readonly decision: DecisionContent | undefined;
}

export type ConsensusRoundEvent = Inbound<'inform', VoteContent | RevealContent | TrustReport | Content>;

const isVote = (c: Content): c is VoteContent => c.kind === 'vote';
const isReveal = (c: Content): c is RevealContent => c.kind === 'reveal';
const isTrustReport = (c: Content): c is TrustReport => c.kind === 'trust-report';
const keyOf = (value: VoteValue): string => `${typeof value}:${String(value)}`;

function decisionOf(context: ConsensusRoundContext, status: RoundStatus): DecisionContent {
  const result = context.result;
  const voted = new Set(Object.keys(context.votes));
  const ok = result?.decided === true ? result : undefined;
  return {
    kind: 'decision',
    roundId: context.roundId,
    question: context.question,
    status,
    rule: context.rule.rule,
    ...(ok === undefined ? {} : { value: ok.value }),
    confidence: ok?.confidence ?? 0,
    dissenters: ok === undefined ? [] : [...ok.dissenters],
    invalid: [...(result?.invalid ?? [])],
    abstainers: status === 'refused' ? [] : context.voters.filter((v) => !voted.has(v)),
    attempts: context.attempt,
    ...(result !== undefined && !result.decided ? { reason: result.reason } : {}),
  };
}

/** Voters whose revealed value differs from their vote. */
function contradictions(context: ConsensusRoundContext): AgentId[] {
  return Object.entries(context.reveals)
    .filter(([voter, value]) => {
      const vote = context.votes[voter];
      return vote !== undefined && keyOf(vote.value) !== keyOf(value);
    })
    .map(([voter]) => voter);
}

/**
 * A consensus round machine that knows `rules` besides the built-in ones (majority, super-majority,
 * weighted, median, trimmed-mean, byzantine). Spawn one agent per round.
 *
 * @example
 * const unanimity: ConsensusRule = { tally: (input) => ... };
 * const round = consensusRoundWith({ unanimity });
 * system.spawn(round, { id: 'round-1', input: { question: 'ship?', voters, rule: { rule: 'unanimity' } } });
 */
export function consensusRoundWith(rules: RuleSet = {}) {
  const known: RuleSet = { ...builtinRules, ...rules };
  return setup({
    types: {} as {
      context: ConsensusRoundContext;
      input: AgentInput<ConsensusRoundConfig>;
      events: ConsensusRoundEvent;
      emitted: Outbound;
      output: DecisionContent;
    },
    guards: {
      ruleRefuses: ({ context }) => ruleRefusal(context.rule, context.voters, known) !== undefined,
      weighsByReputation: ({ context }) =>
        context.ledger !== undefined && known[context.rule.rule]?.needsTrust?.(context.rule) === true,
      isTrustReport: ({ context, event }) => event.sender === context.ledger && isTrustReport(event.content),
      isFreshVote: ({ context, event }) =>
        isVote(event.content) &&
        event.content.roundId === context.roundId &&
        event.content.attempt === context.attempt &&
        context.voters.includes(event.sender) &&
        context.votes[event.sender] === undefined,
      everyoneVoted: ({ context }) => Object.keys(context.votes).length >= context.voters.length,
      isDecided: ({ context }) => context.result?.decided === true,
      isDecidedAndRevealing: ({ context }) => context.result?.decided === true && context.reveal,
      canRetry: ({ context }) => context.attempt < context.attempts,
      isFreshReveal: ({ context, event }) =>
        isReveal(event.content) &&
        event.content.roundId === context.roundId &&
        context.votes[event.sender] !== undefined &&
        context.reveals[event.sender] === undefined,
      allRevealed: ({ context }) => Object.keys(context.reveals).length >= Object.keys(context.votes).length,
    },
    actions: {
      noteRefusal: assign({
        result: ({ context }) => ({
          decided: false as const,
          reason: ruleRefusal(context.rule, context.voters, known) ?? 'refused',
          invalid: [],
        }),
      }),
      askLedger: enqueueActions(({ context, enqueue }) => {
        const query: TrustQuery = { kind: 'trust-query' };
        enqueue.emit(
          outbound({
            performative: 'query-ref',
            receiver: context.ledger!,
            content: query,
            replyWithin: context.deadline,
            protocol: CONSENSUS,
          }),
        );
      }),
      takeTrustWeights: assign({
        weights: ({ context, event }) => {
          if (!isTrustReport(event.content)) return context.weights;
          const weights: Record<AgentId, number> = {};
          for (const voter of context.voters) {
            weights[voter] = trustWeight(event.content.entries.find((e) => e.subject === voter));
          }
          return weights;
        },
      }),
      startAttempt: assign({ attempt: ({ context }) => context.attempt + 1, votes: {}, result: undefined }),
      sendBallots: enqueueActions(({ context, enqueue }) => {
        const range = known[context.rule.rule]?.range?.(context.rule) ?? {};
        const ballot: BallotContent = {
          kind: 'ballot',
          roundId: context.roundId,
          question: context.question,
          attempt: context.attempt,
          ...(context.options === undefined ? {} : { options: context.options }),
          ...(range.min === undefined ? {} : { min: range.min }),
          ...(range.max === undefined ? {} : { max: range.max }),
        };
        for (const voter of context.voters) {
          enqueue.emit(
            outbound({
              performative: 'query-ref',
              receiver: voter,
              content: ballot,
              conversationId: `${context.roundId}.${context.attempt}`,
              replyWithin: context.deadline,
              protocol: CONSENSUS,
            }),
          );
        }
      }),
      recordVote: assign({
        votes: ({ context, event }) => {
          if (!isVote(event.content)) return context.votes;
          const { value, confidence } = event.content;
          const ballot: Ballot = {
            voter: event.sender,
            value,
            ...(confidence === undefined ? {} : { confidence }),
          };
          return { ...context.votes, [event.sender]: ballot };
        },
      }),
      tally: assign({
        result: ({ context }) =>
          tally(
            context.rule,
            {
              voters: context.voters,
              votes: context.voters.flatMap((v) =>
                context.votes[v] === undefined ? [] : [context.votes[v]!],
              ),
              ...(context.weights === undefined ? {} : { weights: context.weights }),
              ...(context.options === undefined ? {} : { options: context.options }),
            },
            known,
          ),
      }),
      announce: enqueueActions(({ context, enqueue }, params: { readonly status: RoundStatus }) => {
        const decision = decisionOf(context, params.status);
        enqueue.assign({ decision });
        for (const receiver of context.reportTo) {
          enqueue.emit(
            outbound({
              performative: 'inform',
              receiver,
              content: decision,
              protocol: CONSENSUS,
              conversationId: context.roundId,
            }),
          );
        }
      }),
      escalate: enqueueActions(({ context, enqueue }) => {
        if (context.escalateTo === undefined) return;
        const result = context.result;
        const escalation: EscalationContent = {
          kind: 'escalation',
          ref: context.roundId,
          reason: `round '${context.roundId}' (${context.question}) could not decide after ${context.attempt} attempt(s): ${
            result !== undefined && !result.decided ? result.reason : 'no decision'
          }`,
          ...(context.options === undefined ? {} : { options: context.options }),
          details: { votes: Object.values(context.votes) },
        };
        enqueue.emit(
          outbound({
            performative: 'request',
            receiver: context.escalateTo,
            content: escalation,
            protocol: CONSENSUS,
            conversationId: context.roundId,
            priority: 'high',
          }),
        );
      }),
      requestReveals: enqueueActions(({ context, enqueue }) => {
        const request: RevealRequest = { kind: 'reveal-request', roundId: context.roundId };
        for (const voter of Object.keys(context.votes)) {
          enqueue.emit(
            outbound({
              performative: 'request',
              receiver: voter,
              content: request,
              conversationId: context.roundId,
              replyWithin: context.deadline,
              protocol: CONSENSUS,
            }),
          );
        }
      }),
      recordReveal: assign({
        reveals: ({ context, event }) =>
          isReveal(event.content)
            ? { ...context.reveals, [event.sender]: event.content.value }
            : context.reveals,
      }),
      reportEvidence: enqueueActions(({ context, enqueue }) => {
        const result = context.result;
        if (context.evidenceTo === undefined || result === undefined || !result.decided) return;
        const evidence = (subject: AgentId, outcome: Outcome) => {
          const content: EvidenceContent = { kind: 'evidence', subject, outcome, about: context.roundId };
          enqueue.emit(outbound({ performative: 'inform', receiver: context.evidenceTo!, content }));
        };
        for (const voter of result.supporters) evidence(voter, 'vote-agreed');
        for (const voter of result.dissenters) evidence(voter, 'vote-dissented');
        for (const voter of contradictions(context)) evidence(voter, 'vote-contradicted');
      }),
    },
    delays: {
      deadline: ({ context }) => context.deadline,
      retryAfter: ({ context }) => context.retryAfter,
    },
  }).createMachine({
    id: 'consensus-round',
    context: ({ input }) => ({
      roundId: input.roundId ?? input.agent.id,
      question: input.question,
      voters: [...new Set(input.voters)],
      rule: input.rule,
      options: input.options,
      deadline: input.deadline ?? 1000,
      attempts: Math.max(1, input.attempts ?? 2),
      retryAfter: input.retryAfter ?? 0,
      weights: input.weights,
      ledger: input.ledger,
      evidenceTo: input.evidenceTo ?? input.ledger,
      reportTo: input.reportTo ?? [`#${CONSENSUS_TOPIC}`],
      escalateTo: input.escalateTo,
      reveal: input.reveal === true,
      attempt: 0,
      votes: {},
      reveals: {},
      result: undefined,
      decision: undefined,
    }),
    initial: 'open',
    output: ({ context }) => context.decision!,
    states: {
      open: {
        description: 'Checks the rule can decide with these voters at all, then weighs or collects.',
        always: [
          { guard: 'ruleRefuses', target: 'refused', actions: 'noteRefusal' },
          { guard: 'weighsByReputation', target: 'weighing' },
          { target: 'collecting' },
        ],
      },
      weighing: {
        description:
          'Asks the ledger for the voters’ reputation; a silent ledger leaves everyone weighing 1.',
        entry: 'askLedger',
        on: { inform: { guard: 'isTrustReport', target: 'collecting', actions: 'takeTrustWeights' } },
        after: { deadline: 'collecting' },
      },
      collecting: {
        description: 'Ballots are out; votes count until everyone voted or the deadline passed.',
        entry: ['startAttempt', 'sendBallots'],
        on: { inform: { guard: 'isFreshVote', actions: 'recordVote' } },
        always: { guard: 'everyoneVoted', target: 'tallying' },
        after: { deadline: 'tallying' },
      },
      tallying: {
        description: 'The rule decides, or there is no quorum: retry while attempts remain, then escalate.',
        entry: 'tally',
        always: [
          {
            guard: 'isDecidedAndRevealing',
            target: 'revealing',
            actions: { type: 'announce', params: { status: 'decided' } },
          },
          {
            guard: 'isDecided',
            target: 'decided',
            actions: { type: 'announce', params: { status: 'decided' } },
          },
          { guard: 'canRetry', target: 'retrying' },
          {
            target: 'escalated',
            actions: [{ type: 'announce', params: { status: 'escalated' } }, 'escalate'],
          },
        ],
      },
      retrying: {
        description: 'No quorum yet: wait, then ballot everyone again.',
        after: { retryAfter: 'collecting' },
      },
      revealing: {
        description: 'Decided; voters reveal what they hold, and votes that contradict it are reported.',
        entry: 'requestReveals',
        on: { inform: { guard: 'isFreshReveal', actions: 'recordReveal' } },
        always: { guard: 'allRevealed', target: 'decided' },
        after: { deadline: 'decided' },
      },
      decided: {
        description: 'The decision stands; dissenters and supporters are reported as evidence.',
        type: 'final',
        entry: 'reportEvidence',
      },
      refused: {
        description:
          'The rule cannot decide soundly with these voters (e.g. n < 3f + 1); no ballot was sent.',
        type: 'final',
        entry: { type: 'announce', params: { status: 'refused' } },
      },
      escalated: {
        description: 'No decision after every attempt; the operator was asked.',
        type: 'final',
      },
    },
  });
}

/**
 * A consensus round with the built-in rules, as a hosted agent: open → collecting (until the deadline)
 * → tallying → decided, or no quorum → retried or escalated; a rule that cannot decide soundly refuses.
 *
 * @example
 * system.spawn(consensusRound, { id: 'round-1', input: {
 *   question: 'server-room temperature', voters: ['s1', 's2', 's3'], rule: { rule: 'median', min: -50, max: 60 },
 *   ledger: 'ledger', reportTo: ['app'] } });
 */
export const consensusRound = consensusRoundWith();
