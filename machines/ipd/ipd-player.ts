import { enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import type { IpdMove, MoveContent, MoveRequestContent } from '../../src/protocol/ipd-content.js';
import { type Outbound, reply } from '../../src/protocol/outbound.js';
import { nextRandom } from '../../src/protocol/random.js';

export interface IpdPlayerInput {
  /** For strategies that gamble: the chance of defecting (Random 0.5, Joss 0.1 when it would cooperate). */
  readonly defectProbability?: number;
}

export interface IpdPlayerContext {
  readonly rng: number;
  readonly defectProbability: number | undefined;
  readonly moves: number;
  readonly lastMove: IpdMove | undefined;
}

/** A player only ever receives the referee's move requests. */
export type IpdPlayerEvent = Inbound<'request', MoveRequestContent>;

/** An action that answers the move request with the move `choose` picks (given a fresh random draw). */
function play<P extends { readonly probability?: number } | undefined>(
  choose: (draw: number, context: IpdPlayerContext, params: P) => IpdMove,
) {
  return enqueueActions<
    IpdPlayerContext,
    IpdPlayerEvent,
    P,
    IpdPlayerEvent,
    never,
    never,
    never,
    never,
    Outbound
  >(({ context, event, enqueue }, params) => {
    const [draw, rng] = nextRandom(context.rng);
    const move = choose(draw, context, params);
    enqueue.assign({ rng, moves: context.moves + 1, lastMove: move });
    const content: MoveContent = {
      kind: 'ipd-move',
      matchId: event.content.matchId,
      turn: event.content.turn,
      move,
    };
    enqueue.emit(reply(event, 'inform', content));
  });
}

/**
 * The setup every strategy machine shares: move requests in, `ipd-move` replies out. A strategy is its
 * states — what it remembers of the match — and which of `cooperate`, `defect`, `gamble` it plays.
 * Every move advances the player's seeded generator, so a run is reproducible from its seed.
 *
 * @example
 * const alwaysCooperate = ipdPlayer.createMachine({ on: { request: { actions: 'cooperate' } } });
 */
export const ipdPlayer = setup({
  types: {} as {
    context: IpdPlayerContext;
    input: AgentInput<IpdPlayerInput>;
    events: IpdPlayerEvent;
    emitted: Outbound;
  },
  guards: {
    /** No previous move: a new match has begun. */
    matchStarts: ({ event }) => event.content.opponentLast === undefined,
    opponentCooperated: ({ event }) => event.content.opponentLast === 'C',
    opponentDefected: ({ event }) => event.content.opponentLast === 'D',
  },
  actions: {
    cooperate: play(() => 'C'),
    defect: play(() => 'D'),
    /** Defects with the player's `defectProbability` (default `params.probability`, else 0.5). */
    gamble: play((draw, context, params?: { readonly probability?: number }) =>
      draw < (context.defectProbability ?? params?.probability ?? 0.5) ? 'D' : 'C',
    ),
  },
});

/** The context every strategy starts from. */
export const playerContext = ({ input }: { input: AgentInput<IpdPlayerInput> }): IpdPlayerContext => ({
  rng: input.agent.seed,
  defectProbability: input.defectProbability,
  moves: 0,
  lastMove: undefined,
});
