import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Content } from '../../src/protocol/content.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import {
  IPD,
  type IpdMove,
  type MatchResultContent,
  type MoveContent,
  type MoveRequestContent,
  type TournamentResultContent,
} from '../../src/protocol/ipd-content.js';
import { type Outbound, outbound } from '../../src/protocol/outbound.js';
import type { Receiver } from '../../src/protocol/receiver.js';
import type { EvidenceContent } from '../../src/protocol/reputation-content.js';
import { AXELROD_PAYOFFS, isUnprovoked, type Match, type Payoffs, payoff } from './ipd-rules.js';

export interface IpdRefereeInput {
  /** The schedule, e.g. from `roundRobin`. */
  readonly matches: readonly Match[];
  /** Turns per match. */
  readonly turns: number;
  readonly payoffs?: Payoffs;
  /** How long a player has to move (ms); a player that misses it is recorded as defecting. Default 1000. */
  readonly moveTimeout?: number;
  /** Where evidence goes: after each match, cooperation as `resource-shared`, unprovoked defection as `resource-hoarded`. */
  readonly ledger?: Receiver;
  /** Who hears each match result and the final tally. */
  readonly reportTo?: readonly Receiver[];
}

/** The match being played. */
export interface MatchState {
  readonly turn: number;
  /** This turn's moves, as they arrive. */
  readonly moves: readonly [IpdMove | undefined, IpdMove | undefined];
  /** Last turn's moves. */
  readonly last: readonly [IpdMove | undefined, IpdMove | undefined];
  readonly scores: readonly [number, number];
  readonly cooperations: readonly [number, number];
  readonly unprovoked: readonly [number, number];
}

export interface IpdRefereeContext {
  readonly matches: readonly Match[];
  readonly turns: number;
  readonly payoffs: Payoffs;
  readonly moveTimeout: number;
  readonly ledger: Receiver | undefined;
  readonly reportTo: readonly Receiver[];
  /** Index of the match being played. */
  readonly index: number;
  readonly match: MatchState;
  readonly totals: Readonly<Record<string, number>>;
  readonly results: readonly MatchResultContent[];
  /** Moves that did not arrive in time. */
  readonly missedMoves: number;
}

export type IpdRefereeEvent = Inbound<'inform', MoveContent | Content>;

const freshMatch = (): MatchState => ({
  turn: 0,
  moves: [undefined, undefined],
  last: [undefined, undefined],
  scores: [0, 0],
  cooperations: [0, 0],
  unprovoked: [0, 0],
});

const isMove = (c: Content): c is MoveContent => c.kind === 'ipd-move';
const current = (context: IpdRefereeContext): Match => context.matches[context.index]!;
const tournamentResult = (context: IpdRefereeContext): TournamentResultContent => ({
  kind: 'ipd-tournament',
  scores: context.totals,
  matches: context.results.length,
});

/**
 * The referee of an iterated prisoner's dilemma tournament: plays the scheduled matches one at a time,
 * asking both players for a move each turn (with a deadline), scoring each turn by the payoff matrix,
 * reporting each match, evidence about each player's conduct, and finally every player's total.
 *
 * @example
 * system.spawn(ipdReferee, { id: 'referee', input: { matches: roundRobin(['TitForTat', 'Defector'], 1), turns: 10, reportTo: ['app'] } });
 */
export const ipdReferee = setup({
  types: {} as {
    context: IpdRefereeContext;
    input: AgentInput<IpdRefereeInput>;
    events: IpdRefereeEvent;
    emitted: Outbound;
    output: TournamentResultContent;
  },
  guards: {
    noMatches: ({ context }) => context.matches.length === 0,
    isMoveForThisTurn: ({ context, event }) => {
      if (!isMove(event.content)) return false;
      const match = current(context);
      return (
        event.content.matchId === match.matchId &&
        event.content.turn === context.match.turn &&
        match.players.includes(event.sender)
      );
    },
    bothMoved: ({ context }) => context.match.moves[0] !== undefined && context.match.moves[1] !== undefined,
    matchOver: ({ context }) => context.match.turn >= context.turns,
    tournamentOver: ({ context }) => context.index + 1 >= context.matches.length,
  },
  actions: {
    askForMoves: enqueueActions(({ context, enqueue }) => {
      const match = current(context);
      match.players.forEach((player, i) => {
        const opponentLast = context.match.last[1 - i];
        const request: MoveRequestContent = {
          kind: 'ipd-move-request',
          matchId: match.matchId,
          turn: context.match.turn,
          ...(opponentLast === undefined ? {} : { opponentLast }),
        };
        enqueue.emit(
          outbound({
            performative: 'request',
            receiver: player,
            content: request,
            conversationId: match.matchId,
            replyWithin: context.moveTimeout,
            protocol: IPD,
          }),
        );
      });
    }),
    recordMove: assign({
      match: ({ context, event }) => {
        const at = current(context).players.indexOf(event.sender);
        const moves: [IpdMove | undefined, IpdMove | undefined] = [...context.match.moves];
        if (moves[at] === undefined) moves[at] = (event.content as MoveContent).move;
        return { ...context.match, moves };
      },
    }),
    defaultMissingMoves: assign(({ context }) => ({
      missedMoves: context.missedMoves + context.match.moves.filter((m) => m === undefined).length,
      match: {
        ...context.match,
        moves: [context.match.moves[0] ?? 'D', context.match.moves[1] ?? 'D'] as const,
      },
    })),
    scoreTurn: assign({
      match: ({ context }) => {
        const m = context.match;
        const [a, b] = [m.moves[0]!, m.moves[1]!];
        const [pa, pb] = payoff(a, b, context.payoffs);
        return {
          turn: m.turn + 1,
          moves: [undefined, undefined],
          last: [a, b],
          scores: [m.scores[0] + pa, m.scores[1] + pb],
          cooperations: [m.cooperations[0] + (a === 'C' ? 1 : 0), m.cooperations[1] + (b === 'C' ? 1 : 0)],
          unprovoked: [
            m.unprovoked[0] + (isUnprovoked(a, m.last[1]) ? 1 : 0),
            m.unprovoked[1] + (isUnprovoked(b, m.last[0]) ? 1 : 0),
          ],
        };
      },
    }),
    reportMatch: enqueueActions(({ context, enqueue }) => {
      const match = current(context);
      const m = context.match;
      const result: MatchResultContent = {
        kind: 'ipd-match',
        matchId: match.matchId,
        players: [match.players[0], match.players[1]],
        scores: [m.scores[0], m.scores[1]],
        turns: m.turn,
      };
      const totals = { ...context.totals };
      match.players.forEach((p, i) => {
        totals[p] = (totals[p] ?? 0) + m.scores[i]!;
      });
      enqueue.assign({ totals, results: [...context.results, result] });
      for (const receiver of context.reportTo) {
        enqueue.emit(outbound({ performative: 'inform', receiver, content: result, protocol: IPD }));
      }
      if (context.ledger === undefined || m.turn === 0) return;
      match.players.forEach((subject, i) => {
        const evidence = (outcome: EvidenceContent['outcome'], count: number) => {
          if (count === 0) return;
          const content: EvidenceContent = {
            kind: 'evidence',
            subject,
            outcome,
            amount: count / m.turn,
            about: match.matchId,
          };
          enqueue.emit(outbound({ performative: 'inform', receiver: context.ledger!, content }));
        };
        evidence('resource-shared', m.cooperations[i]!);
        evidence('resource-hoarded', m.unprovoked[i]!);
      });
    }),
    nextMatch: assign({ index: ({ context }) => context.index + 1, match: freshMatch }),
    reportTournament: enqueueActions(({ context, enqueue }) => {
      const result = tournamentResult(context);
      for (const receiver of context.reportTo) {
        enqueue.emit(outbound({ performative: 'inform', receiver, content: result, protocol: IPD }));
      }
    }),
  },
  delays: {
    moveTimeout: ({ context }) => context.moveTimeout,
  },
}).createMachine({
  id: 'ipd-referee',
  context: ({ input }) => ({
    matches: input.matches,
    turns: input.turns,
    payoffs: input.payoffs ?? AXELROD_PAYOFFS,
    moveTimeout: input.moveTimeout ?? 1000,
    ledger: input.ledger,
    reportTo: input.reportTo ?? [],
    index: 0,
    match: freshMatch(),
    totals: Object.fromEntries(input.matches.flatMap((m) => m.players).map((p) => [p, 0])),
    results: [],
    missedMoves: 0,
  }),
  initial: 'starting',
  output: ({ context }) => tournamentResult(context),
  states: {
    starting: {
      always: [{ guard: 'noMatches', target: 'finished' }, { target: 'playing' }],
    },
    playing: {
      description: 'One match, turn by turn.',
      initial: 'asking',
      states: {
        asking: {
          description:
            'Both players are asked for a move; a move not in by the deadline counts as a defection.',
          entry: 'askForMoves',
          on: { inform: { guard: 'isMoveForThisTurn', actions: 'recordMove' } },
          always: { guard: 'bothMoved', target: 'scoring' },
          after: { moveTimeout: { target: 'scoring', actions: 'defaultMissingMoves' } },
        },
        scoring: {
          description: 'The turn is scored by the payoff matrix.',
          entry: 'scoreTurn',
          always: [{ guard: 'matchOver', target: '#ipd-referee.betweenMatches' }, { target: 'asking' }],
        },
      },
    },
    betweenMatches: {
      description:
        'The match is reported (result and evidence); the next one starts, or the tournament ends.',
      entry: 'reportMatch',
      always: [
        { guard: 'tournamentOver', target: 'finished' },
        { target: 'playing', actions: 'nextMatch' },
      ],
    },
    finished: {
      description: 'Every match is played; the totals are reported.',
      type: 'final',
      entry: 'reportTournament',
    },
  },
});
