import { emit, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type {
  BallotContent,
  RevealContent,
  RevealRequest,
  VoteContent,
  VoteValue,
} from '../src/protocol/consensus-content.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Outbound, reply } from '../src/protocol/outbound.js';
import { nextRandom } from '../src/protocol/random.js';

/**
 * How a faulty voter misbehaves: `lie` always votes `lie`; `equivocate` votes a random choice, a different
 * one to each round that asks; `silent` never votes; `garbage` votes NaN, which no rule counts.
 */
export type VoterFault = 'lie' | 'equivocate' | 'silent' | 'garbage';

export interface FaultyVoterInput {
  /** What the voter really holds, and reveals when asked. */
  readonly truth: VoteValue;
  readonly fault: VoterFault;
  /** The value a `lie` fault votes. Default: the first choice that is not the truth, else `null`. */
  readonly lie?: VoteValue;
  /** What `equivocate` picks from. Default: the ballot's options, else the truth and `null`. */
  readonly choices?: readonly VoteValue[];
}

export interface FaultyVoterContext {
  readonly fault: VoterFault;
  readonly truth: VoteValue;
  readonly lie: VoteValue | undefined;
  readonly choices: readonly VoteValue[] | undefined;
  readonly rng: number;
  readonly votes: ReadonlyArray<{ readonly roundId: string; readonly value: VoteValue }>;
}

type BallotEvent = Inbound<'query-ref', BallotContent>;
export type FaultyVoterEvent = BallotEvent | Inbound<'request', RevealRequest> | Inbound<'inform', Content>;

const vote = (ballot: BallotEvent, value: VoteValue) => {
  const content: VoteContent = {
    kind: 'vote',
    roundId: ballot.content.roundId,
    attempt: ballot.content.attempt,
    value,
  };
  return reply(ballot, 'inform', content);
};

/**
 * A voter with a Byzantine fault, for testing rules and rounds against liars. It reveals the truth when
 * asked, so a round with `reveal: true` catches its lies.
 *
 * @example
 * system.spawn(faultyVoter, { id: 'liar', input: { truth: 'green', fault: 'equivocate', choices: ['red', 'green', 'blue'] } });
 */
export const faultyVoter = setup({
  types: {} as {
    context: FaultyVoterContext;
    input: AgentInput<FaultyVoterInput>;
    events: FaultyVoterEvent;
    emitted: Outbound;
  },
  guards: {
    hasFault: ({ context }, params: { readonly fault: VoterFault }) => context.fault === params.fault,
  },
  actions: {
    voteLie: enqueueActions(({ context, event, enqueue }) => {
      const ballot = event as BallotEvent;
      const lie =
        context.lie ??
        (ballot.content.options ?? context.choices ?? []).find((o) => o !== context.truth) ??
        null;
      enqueue.assign({ votes: [...context.votes, { roundId: ballot.content.roundId, value: lie }] });
      enqueue.emit(vote(ballot, lie));
    }),
    voteRandom: enqueueActions(({ context, event, enqueue }) => {
      const ballot = event as BallotEvent;
      const choices = context.choices ?? ballot.content.options ?? [context.truth, null];
      const [draw, rng] = nextRandom(context.rng);
      const value = choices[Math.floor(draw * choices.length)] ?? null;
      enqueue.assign({ rng, votes: [...context.votes, { roundId: ballot.content.roundId, value }] });
      enqueue.emit(vote(ballot, value));
    }),
    voteGarbage: enqueueActions(({ context, event, enqueue }) => {
      const ballot = event as BallotEvent;
      enqueue.assign({ votes: [...context.votes, { roundId: ballot.content.roundId, value: Number.NaN }] });
      enqueue.emit(vote(ballot, Number.NaN));
    }),
    revealTruth: emit(({ context, event }) => {
      const request = event as Inbound<'request', RevealRequest>;
      const content: RevealContent = {
        kind: 'reveal',
        roundId: request.content.roundId,
        value: context.truth,
      };
      return reply(request, 'inform', content);
    }),
  },
}).createMachine({
  id: 'faulty-voter',
  context: ({ input }) => ({
    fault: input.fault,
    truth: input.truth,
    lie: input.lie,
    choices: input.choices,
    rng: input.agent.seed,
    votes: [],
  }),
  initial: 'choosing',
  states: {
    choosing: {
      description: 'Picks the fault named in the input.',
      always: [
        { guard: { type: 'hasFault', params: { fault: 'lie' } }, target: 'lying' },
        { guard: { type: 'hasFault', params: { fault: 'equivocate' } }, target: 'equivocating' },
        { guard: { type: 'hasFault', params: { fault: 'garbage' } }, target: 'garbage' },
        { target: 'silent' },
      ],
    },
    lying: {
      description: 'Votes the same wrong value to everyone.',
      on: { 'query-ref': { actions: 'voteLie' }, request: { actions: 'revealTruth' } },
    },
    equivocating: {
      description: 'Votes a random choice to each ballot: different rounds hear different things.',
      on: { 'query-ref': { actions: 'voteRandom' }, request: { actions: 'revealTruth' } },
    },
    silent: {
      description: 'Never votes: every round counts it as an abstainer.',
      on: { 'query-ref': {}, request: {} },
    },
    garbage: {
      description: 'Votes NaN, which every rule counts as an invalid vote.',
      on: { 'query-ref': { actions: 'voteGarbage' }, request: { actions: 'revealTruth' } },
    },
  },
});
