import { and, assign, emit, raise, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type {
  BallotContent,
  DecisionContent,
  RevealContent,
  RevealRequest,
  VoteContent,
  VoteValue,
} from '../src/protocol/consensus-content.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Outbound, reply } from '../src/protocol/outbound.js';

export interface ConsensusVoterInput {
  /** What this voter votes. */
  readonly value: VoteValue;
  /** Its confidence in [0, 1], sent with each vote. */
  readonly confidence?: number;
  /** What it reveals when asked after a decision. Default: `value` (an honest voter). */
  readonly reveal?: VoteValue;
  /** How long it takes to answer a ballot (ms). Default 0. A voter slower than the deadline abstains. */
  readonly latency?: number;
}

export interface ConsensusVoterContext {
  readonly value: VoteValue;
  readonly confidence: number | undefined;
  readonly reveal: VoteValue;
  readonly latency: number;
  readonly votesCast: number;
  /** Results of rounds that reported to this voter. */
  readonly decisions: readonly DecisionContent[];
}

type BallotEvent = Inbound<'query-ref', BallotContent>;

export type ConsensusVoterEvent =
  | BallotEvent
  | Inbound<'request', RevealRequest>
  | Inbound<'inform', DecisionContent | Content>
  | { readonly type: 'voter.answer'; readonly ballot: BallotEvent };

const isDecision = (c: Content): c is DecisionContent => c.kind === 'decision';

/**
 * A voter: answers every ballot (`query-ref`) with its value, optionally after some latency; answers a
 * reveal request with what it holds; keeps the results rounds tell it. Swap `castVote` with `.provide()`
 * to vote by your own logic.
 *
 * @example
 * system.spawn(consensusVoter, { id: 'sensor-1', input: { value: 21.5 } });
 */
export const consensusVoter = setup({
  types: {} as {
    context: ConsensusVoterContext;
    input: AgentInput<ConsensusVoterInput>;
    events: ConsensusVoterEvent;
    emitted: Outbound;
  },
  guards: {
    isSlow: ({ context }) => context.latency > 0,
    isBallot: ({ event }) => event.type === 'query-ref' && event.content.kind === 'ballot',
    isDecision: ({ event }) => event.type === 'inform' && isDecision(event.content),
  },
  actions: {
    castVote: emit(({ context, event }) => {
      const ballot = event.type === 'voter.answer' ? event.ballot : (event as BallotEvent);
      const vote: VoteContent = {
        kind: 'vote',
        roundId: ballot.content.roundId,
        attempt: ballot.content.attempt,
        value: context.value,
        ...(context.confidence === undefined ? {} : { confidence: context.confidence }),
      };
      return reply(ballot, 'inform', vote);
    }),
    countVote: assign({ votesCast: ({ context }) => context.votesCast + 1 }),
    answerLater: raise(({ event }) => ({ type: 'voter.answer' as const, ballot: event as BallotEvent }), {
      delay: ({ context }) => context.latency,
    }),
    reveal: emit(({ context, event }) => {
      const request = event as Inbound<'request', RevealRequest>;
      const content: RevealContent = {
        kind: 'reveal',
        roundId: request.content.roundId,
        value: context.reveal,
      };
      return reply(request, 'inform', content);
    }),
    notUnderstood: emit(({ event }) =>
      reply(event as Inbound<'query-ref', Content>, 'not-understood', {
        kind: 'reason',
        reason: 'a voter answers query-ref ballots only',
      }),
    ),
    keepDecision: assign({
      decisions: ({ context, event }) =>
        event.type === 'inform' && isDecision(event.content)
          ? [...context.decisions, event.content]
          : context.decisions,
    }),
  },
}).createMachine({
  id: 'consensus-voter',
  context: ({ input }) => ({
    value: input.value,
    confidence: input.confidence,
    reveal: input.reveal === undefined ? input.value : input.reveal,
    latency: input.latency ?? 0,
    votesCast: 0,
    decisions: [],
  }),
  initial: 'voting',
  states: {
    voting: {
      description: 'Answers ballots and reveal requests; records decisions it is told.',
      on: {
        'query-ref': [
          { guard: and(['isBallot', 'isSlow']), actions: 'answerLater' },
          { guard: 'isBallot', actions: ['castVote', 'countVote'] },
          { actions: 'notUnderstood' },
        ],
        'voter.answer': { actions: ['castVote', 'countVote'] },
        request: { actions: 'reveal' },
        inform: { guard: 'isDecision', actions: 'keepDecision' },
      },
    },
  },
});
