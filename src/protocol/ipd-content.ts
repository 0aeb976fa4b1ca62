import { Schema } from 'effect';
import { kind, NonNegative, optionalField } from './content.js';

/** The protocol name of the iterated prisoner's dilemma. */
export const IPD = 'polis-ipd';

/** A move: cooperate or defect. */
export const IpdMove = Schema.Literal('C', 'D');
export type IpdMove = Schema.Schema.Type<typeof IpdMove>;

/**
 * The referee's `request` for a player's move. `opponentLast` is absent on a match's first turn, which is
 * how a player knows a new match has begun.
 */
export const MoveRequestContent = Schema.Struct({
  kind: kind('ipd-move-request'),
  matchId: Schema.String,
  turn: NonNegative,
  opponentLast: optionalField(IpdMove),
});
export type MoveRequestContent = Schema.Schema.Type<typeof MoveRequestContent>;

/** A player's `inform` answering a move request. */
export const MoveContent = Schema.Struct({
  kind: kind('ipd-move'),
  matchId: Schema.String,
  turn: NonNegative,
  move: IpdMove,
});
export type MoveContent = Schema.Schema.Type<typeof MoveContent>;

/** The referee's `inform` after a match. */
export const MatchResultContent = Schema.Struct({
  kind: kind('ipd-match'),
  matchId: Schema.String,
  players: Schema.Tuple(Schema.String, Schema.String),
  scores: Schema.Tuple(NonNegative, NonNegative),
  turns: NonNegative,
});
export type MatchResultContent = Schema.Schema.Type<typeof MatchResultContent>;

/** The referee's `inform` when the whole tournament is over: total score per player. */
export const TournamentResultContent = Schema.Struct({
  kind: kind('ipd-tournament'),
  scores: Schema.Record({ key: Schema.String, value: NonNegative }),
  matches: NonNegative,
});
export type TournamentResultContent = Schema.Schema.Type<typeof TournamentResultContent>;

export const ipdContents = [
  MoveRequestContent,
  MoveContent,
  MatchResultContent,
  TournamentResultContent,
] as const;
