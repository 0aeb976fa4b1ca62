import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import {
  type BidContent,
  type CancelContent,
  CONTRACT_NET,
  type ReasonContent,
  type RejectionContent,
  type RejectionReason,
  type ResultContent,
  type TaskContent,
  type TaskOutcomeContent,
} from '../src/protocol/contract-net-content.js';
import { DIRECTORY, type DirectoryAnswer, type DirectoryQuery } from '../src/protocol/directory-content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound, reply, replyAddress } from '../src/protocol/outbound.js';
import type { Receiver } from '../src/protocol/receiver.js';
import type { EvidenceContent, Outcome } from '../src/protocol/reputation-content.js';
import { type AwardRule, cheapestWithinBudget, type Proposal } from './award-rules.js';

/**
 * The initiator of one FIPA contract net (SC00029H), iterated: it announces a task with a `cfp` and a
 * reply deadline, collects `propose` / `refuse` / `not-understood` until everyone answered or the deadline
 * passed, awards by a pluggable rule (none, one or several winners), waits for `inform` or `failure`, and
 * re-announces a failed task in a fresh conversation up to `maxRounds`. Late proposals are rejected as
 * late, never accepted. How the task ended goes to `reportTo` as a `task-outcome`.
 */
export interface InitiatorOptions {
  readonly task: TaskContent;
  /** Who gets the cfp. Without it the initiator asks the directory for the task's capability. */
  readonly participants?: readonly AgentId[];
  /** The proposal deadline, in ms after the cfp. */
  readonly replyWithin: number;
  /** Extra time allowed past the winners' promised eta before the work counts as late. Default `replyWithin`. */
  readonly resultGrace?: number;
  /** How long a settled initiator stays to reject late proposals before it ends. Default 10 × `replyWithin`. */
  readonly linger?: number;
  /** How many proposals to accept. Default 1. */
  readonly winners?: number;
  /** Announcements before the task is given up. Default 3. */
  readonly maxRounds?: number;
  /** Where the `task-outcome` goes: a manager, a topic. */
  readonly reportTo?: Receiver;
  /** Where evidence about contractors goes (delivered, late, failed): a reputation ledger or its topic. */
  readonly evidenceTo?: Receiver;
}

export type InitiatorInput = AgentInput<InitiatorOptions>;

/** A participant that failed, was late or was cancelled, and in which round. */
export interface ContractFailure {
  readonly agent: AgentId;
  readonly round: number;
  readonly reason: string;
}

export interface InitiatorContext {
  readonly task: TaskContent;
  readonly participants: readonly AgentId[];
  readonly replyWithin: number;
  readonly resultGrace: number;
  readonly linger: number;
  readonly winnersWanted: number;
  readonly maxRounds: number;
  readonly reportTo: Receiver | undefined;
  readonly evidenceTo: Receiver | undefined;
  readonly round: number;
  readonly conversationId: string;
  readonly answered: readonly AgentId[];
  readonly proposals: readonly Proposal[];
  readonly winners: readonly Proposal[];
  /** Why proposers left out by the award rule were left out, when it said. */
  readonly rejections: Readonly<Record<AgentId, RejectionReason>>;
  readonly awaiting: readonly AgentId[];
  readonly delivered: readonly Proposal[];
  readonly failures: readonly ContractFailure[];
  readonly lateProposals: number;
  readonly reason: string | undefined;
}

export type InitiatorEvent =
  | Inbound<'propose', BidContent>
  | Inbound<'refuse', ReasonContent>
  | Inbound<'not-understood', ReasonContent>
  | Inbound<'inform', ResultContent | DirectoryAnswer>
  | Inbound<'failure', ReasonContent>
  | Inbound<'cancel', CancelContent>;

const conversationOf = (taskId: string, round: number) => `${taskId}:r${round}`;

/** Every proposer but the winners gets a rejection saying why. */
function rejectionReason(proposal: Proposal, context: InitiatorContext): RejectionReason {
  const given = context.rejections[proposal.agent];
  if (given !== undefined) return given;
  const budget = context.task.budget;
  return budget !== undefined && proposal.price > budget ? 'over-budget' : 'outbid';
}

/** The `reject-proposal` answering a proposal that did not win. */
function rejection(proposal: Proposal, context: InitiatorContext): Outbound {
  const content: RejectionContent = {
    kind: 'rejection',
    taskId: context.task.taskId,
    reason: rejectionReason(proposal, context),
  };
  return reply(proposal.address, 'reject-proposal', content);
}

const inRound = (context: InitiatorContext, event: { conversationId?: string | undefined }) =>
  event.conversationId === context.conversationId;

const freshRound = (context: InitiatorContext, round: number) => ({
  round,
  conversationId: conversationOf(context.task.taskId, round),
  answered: [],
  proposals: [],
  winners: [],
  rejections: {},
  awaiting: [],
});

/** Records why the task is where it is; the reason travels in the outcome report. */
const explain = assign<InitiatorContext, InitiatorEvent, { reason: string }, InitiatorEvent, never>({
  reason: (_, params) => params.reason,
});

/** Tells `reportTo`, if any, how the task ended. */
function reportOutcome(
  context: InitiatorContext,
  status: TaskOutcomeContent['status'],
  emit: (event: Outbound) => void,
) {
  if (context.reportTo === undefined) return;
  const content: TaskOutcomeContent = {
    kind: 'task-outcome',
    taskId: context.task.taskId,
    status,
    rounds: context.round,
    contractors: context.delivered.map(({ agent, price }) => ({ agent, price })),
    failures: context.failures,
    ...(context.reason === undefined ? {} : { reason: context.reason }),
  };
  emit(outbound({ performative: 'inform', receiver: context.reportTo, content, protocol: CONTRACT_NET }));
}

/** Tells `evidenceTo`, if any, what a contractor did: evidence for reputation. */
function reportEvidence(
  context: InitiatorContext,
  subject: AgentId,
  outcome: Outcome,
  emit: (event: Outbound) => void,
) {
  if (context.evidenceTo === undefined) return;
  const content: EvidenceContent = { kind: 'evidence', subject, outcome, about: context.task.taskId };
  emit(outbound({ performative: 'inform', receiver: context.evidenceTo, content }));
}

/** Sends `cancel` to every contractor whose result is still awaited; returns their proposals. */
function cancelAwaited(
  context: InitiatorContext,
  reason: string,
  emit: (event: Outbound) => void,
): Proposal[] {
  const cancelled = context.winners.filter((w) => context.awaiting.includes(w.agent));
  for (const winner of cancelled) {
    const content: CancelContent = { kind: 'cancel', taskId: context.task.taskId, reason };
    emit(reply(winner.address, 'cancel', content));
  }
  return cancelled;
}

/**
 * The award action for a rule: swap the initiator's choice of winners with `.provide()`.
 *
 * @example
 * contractNetInitiator.provide({ actions: { selectWinners: awardWith((proposals) => proposals.slice(0, 2)) } })
 */
export function awardWith(rule: AwardRule) {
  return assign<InitiatorContext, InitiatorEvent, undefined, InitiatorEvent, never>(({ context }) => {
    const award = rule(context.proposals, context.task, context.winnersWanted);
    return { winners: award.winners, rejections: award.rejections ?? {} };
  });
}

export const contractNetInitiator = setup({
  types: {} as {
    context: InitiatorContext;
    events: InitiatorEvent;
    input: InitiatorInput;
    emitted: Outbound;
    tags: 'settled';
  },
  delays: {
    replyWindow: ({ context }) => context.replyWithin,
    linger: ({ context }) => context.linger,
    resultWindow: ({ context }) => Math.max(0, ...context.winners.map((w) => w.eta)) + context.resultGrace,
  },
  guards: {
    knowsParticipants: ({ context }) => context.participants.length > 0,
    isDirectoryAnswer: ({ context, event }) =>
      event.type === 'inform' &&
      event.content.kind === 'directory-answer' &&
      event.content.capability === context.task.capability,
    firstAnswerInRound: ({ context, event }) =>
      inRound(context, event) && !context.answered.includes(event.sender),
    everyoneAnswered: ({ context }) => context.answered.length >= context.participants.length,
    hasWinners: ({ context }) => context.winners.length > 0,
    fromContractor: ({ context, event }) =>
      inRound(context, event) && context.awaiting.includes(event.sender),
    allReportedWithDelivery: ({ context }) => context.awaiting.length === 0 && context.delivered.length > 0,
    allReported: ({ context }) => context.awaiting.length === 0,
    roundsLeft: ({ context }) => context.round < context.maxRounds,
    fromReportTo: ({ context, event }) => event.sender === context.reportTo,
  },
  actions: {
    askDirectory: enqueueActions(({ context, enqueue }) => {
      const query: DirectoryQuery = { kind: 'directory-query', capability: context.task.capability };
      enqueue.emit(outbound({ performative: 'query-ref', receiver: DIRECTORY, content: query }));
    }),
    learnParticipants: assign({
      participants: ({ event }) => (event.content.kind === 'directory-answer' ? event.content.agents : []),
    }),
    /** Sends the cfp to every participant but those that failed the task before, who count as answered. */
    announce: enqueueActions(({ context, enqueue }) => {
      const excluded = new Set(context.failures.map((f) => f.agent));
      for (const receiver of context.participants) {
        if (excluded.has(receiver)) continue;
        enqueue.emit(
          outbound({
            performative: 'cfp',
            receiver,
            content: context.task,
            conversationId: context.conversationId,
            replyWithin: context.replyWithin,
            protocol: CONTRACT_NET,
          }),
        );
      }
      enqueue.assign({ answered: context.participants.filter((p) => excluded.has(p)) });
    }),
    recordProposal: assign({
      answered: ({ context, event }) => [...context.answered, event.sender],
      proposals: ({ context, event }) =>
        event.type === 'propose'
          ? [
              ...context.proposals,
              {
                agent: event.sender,
                price: event.content.price,
                eta: event.content.eta,
                address: replyAddress(event),
              },
            ]
          : context.proposals,
    }),
    recordRefusal: assign({ answered: ({ context, event }) => [...context.answered, event.sender] }),
    selectWinners: awardWith(cheapestWithinBudget),
    award: enqueueActions(({ context, enqueue }) => {
      const winners = new Set(context.winners.map((w) => w.agent));
      const { taskId } = context.task;
      for (const proposal of context.proposals) {
        enqueue.emit(
          winners.has(proposal.agent)
            ? reply(proposal.address, 'accept-proposal', { kind: 'award', taskId, price: proposal.price })
            : rejection(proposal, context),
        );
      }
      enqueue.assign({ awaiting: context.winners.map((w) => w.agent) });
    }),
    rejectAll: enqueueActions(({ context, enqueue }) => {
      for (const proposal of context.proposals) enqueue.emit(rejection(proposal, context));
    }),
    rejectLate: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'propose') return;
      const content = { kind: 'rejection', taskId: event.content.taskId, reason: 'late' } as const;
      enqueue.emit(reply(event, 'reject-proposal', content));
      enqueue.assign({ lateProposals: context.lateProposals + 1 });
    }),
    recordDelivery: enqueueActions(({ context, event, enqueue }) => {
      reportEvidence(context, event.sender, 'contract-delivered', enqueue.emit);
      enqueue.assign({
        awaiting: context.awaiting.filter((a) => a !== event.sender),
        delivered: [...context.delivered, ...context.winners.filter((w) => w.agent === event.sender)],
      });
    }),
    recordFailure: enqueueActions(({ context, event, enqueue }) => {
      reportEvidence(context, event.sender, 'contract-failed', enqueue.emit);
      const reason = event.content.kind === 'reason' ? event.content.reason : 'failed';
      enqueue.assign({
        awaiting: context.awaiting.filter((a) => a !== event.sender),
        failures: [...context.failures, { agent: event.sender, round: context.round, reason }],
      });
    }),
    recordCancelled: assign({
      awaiting: ({ context, event }) => context.awaiting.filter((a) => a !== event.sender),
    }),
    cancelStragglers: enqueueActions(({ context, enqueue }) => {
      for (const winner of cancelAwaited(context, 'result overdue', enqueue.emit)) {
        reportEvidence(context, winner.agent, 'contract-late', enqueue.emit);
      }
      enqueue.assign({
        failures: [
          ...context.failures,
          ...context.awaiting.map((agent) => ({ agent, round: context.round, reason: 'late' })),
        ],
        awaiting: [],
      });
    }),
    cancelContractors: enqueueActions(({ context, enqueue }) => {
      cancelAwaited(context, 'cancelled by the initiator', enqueue.emit);
    }),
    nextRound: assign(({ context }) => freshRound(context, context.round + 1)),
    explain,
    explainFailedRound: assign({
      reason: ({ context }) => {
        const failed = context.failures.filter((f) => f.round === context.round);
        return `every contractor failed (${failed.map((f) => `${f.agent}: ${f.reason}`).join('; ')})`;
      },
    }),
    reportCompleted: enqueueActions(({ context, enqueue }) =>
      reportOutcome(context, 'completed', enqueue.emit),
    ),
    reportFailed: enqueueActions(({ context, enqueue }) => reportOutcome(context, 'failed', enqueue.emit)),
    reportCancelled: enqueueActions(({ context, enqueue }) =>
      reportOutcome(context, 'cancelled', enqueue.emit),
    ),
  },
}).createMachine({
  id: 'contract-net-initiator',
  context: ({ input }) => ({
    task: input.task,
    participants: input.participants ?? [],
    replyWithin: input.replyWithin,
    resultGrace: input.resultGrace ?? input.replyWithin,
    linger: input.linger ?? 10 * input.replyWithin,
    winnersWanted: input.winners ?? 1,
    maxRounds: input.maxRounds ?? 3,
    reportTo: input.reportTo,
    evidenceTo: input.evidenceTo,
    round: 1,
    conversationId: conversationOf(input.task.taskId, 1),
    answered: [],
    proposals: [],
    winners: [],
    rejections: {},
    awaiting: [],
    delivered: [],
    failures: [],
    lateProposals: 0,
    reason: undefined,
  }),
  initial: 'starting',
  on: { propose: { actions: 'rejectLate' } },
  states: {
    starting: {
      always: [{ guard: 'knowsParticipants', target: 'announcing' }, { target: 'locating' }],
    },
    locating: {
      entry: 'askDirectory',
      on: { inform: { guard: 'isDirectoryAnswer', actions: 'learnParticipants', target: 'announcing' } },
      after: {
        replyWindow: {
          target: 'failed',
          actions: { type: 'explain', params: { reason: 'the directory did not answer' } },
        },
      },
    },
    announcing: {
      always: [
        { guard: 'knowsParticipants', actions: 'announce', target: 'collecting' },
        {
          target: 'roundFailed',
          actions: { type: 'explain', params: { reason: 'no agent offers the capability' } },
        },
      ],
    },
    collecting: {
      always: { guard: 'everyoneAnswered', target: 'evaluating' },
      on: {
        propose: { guard: 'firstAnswerInRound', actions: 'recordProposal' },
        refuse: { guard: 'firstAnswerInRound', actions: 'recordRefusal' },
        'not-understood': { guard: 'firstAnswerInRound', actions: 'recordRefusal' },
        cancel: { guard: 'fromReportTo', target: 'cancelled', actions: 'rejectAll' },
      },
      after: { replyWindow: 'evaluating' },
    },
    evaluating: {
      entry: 'selectWinners',
      always: [
        { guard: 'hasWinners', actions: 'award', target: 'executing' },
        {
          actions: ['rejectAll', { type: 'explain', params: { reason: 'no acceptable proposal' } }],
          target: 'roundFailed',
        },
      ],
    },
    executing: {
      always: [
        { guard: 'allReportedWithDelivery', target: 'completed' },
        { guard: 'allReported', target: 'roundFailed', actions: 'explainFailedRound' },
      ],
      on: {
        inform: { guard: 'fromContractor', actions: 'recordDelivery' },
        failure: { guard: 'fromContractor', actions: 'recordFailure' },
        // A contractor that did not understand its award will not do the work: that contract has failed.
        'not-understood': { guard: 'fromContractor', actions: 'recordFailure' },
        cancel: { guard: 'fromReportTo', target: 'cancelling', actions: 'cancelContractors' },
      },
      after: {
        resultWindow: { actions: 'cancelStragglers' },
      },
    },
    roundFailed: {
      always: [{ guard: 'roundsLeft', actions: 'nextRound', target: 'announcing' }, { target: 'failed' }],
    },
    cancelling: {
      always: { guard: 'allReported', target: 'cancelled' },
      on: {
        inform: { guard: 'fromContractor', actions: 'recordCancelled' },
        failure: { guard: 'fromContractor', actions: 'recordCancelled' },
        'not-understood': { guard: 'fromContractor', actions: 'recordCancelled' },
      },
      after: { replyWindow: 'cancelled' },
    },
    completed: {
      tags: 'settled',
      entry: [{ type: 'explain', params: { reason: 'delivered' } }, 'reportCompleted'],
      after: { linger: 'closed' },
    },
    failed: { tags: 'settled', entry: 'reportFailed', after: { linger: 'closed' } },
    cancelled: {
      tags: 'settled',
      entry: [{ type: 'explain', params: { reason: 'cancelled by its manager' } }, 'reportCancelled'],
      after: { linger: 'closed' },
    },
    /** The conversation is over; what still arrives is dead-lettered as sent to a finished agent. */
    closed: { type: 'final', tags: 'settled' },
  },
});
