/** The rules of the iterated prisoner's dilemma, as pure functions: payoffs and the tournament schedule. */
import type { IpdMove } from '../../src/protocol/ipd-content.js';
import { TournamentConfigError } from '../trust-errors.js';

/** Temptation, reward, punishment and sucker's payoff; a dilemma needs T > R > P > S and 2R > T + S. */
export interface Payoffs {
  readonly T: number;
  readonly R: number;
  readonly P: number;
  readonly S: number;
}

/** Axelrod's payoffs: T = 5, R = 3, P = 1, S = 0. */
export const AXELROD_PAYOFFS: Payoffs = { T: 5, R: 3, P: 1, S: 0 };

/**
 * What each player scores for one turn.
 *
 * @example
 * payoff('C', 'D') // [0, 5]
 */
export function payoff(a: IpdMove, b: IpdMove, payoffs: Payoffs = AXELROD_PAYOFFS): [number, number] {
  if (a === 'C') return b === 'C' ? [payoffs.R, payoffs.R] : [payoffs.S, payoffs.T];
  return b === 'C' ? [payoffs.T, payoffs.S] : [payoffs.P, payoffs.P];
}

/** One match of a tournament. */
export interface Match {
  readonly matchId: string;
  readonly players: readonly [string, string];
}

/**
 * A round robin among distinct players, no self-play: every pair meets `repetitions` times.
 * Throws {@link TournamentConfigError} for fewer than two players or a duplicate.
 *
 * @example
 * roundRobin(['TitForTat', 'Defector', 'Grudger'], 2).length // 6
 */
export function roundRobin(players: readonly string[], repetitions: number): Match[] {
  if (players.length < 2)
    throw new TournamentConfigError(`a round robin needs at least two strategies, got ${players.length}`);
  const duplicate = players.find((p, i) => players.indexOf(p) !== i);
  if (duplicate !== undefined)
    throw new TournamentConfigError(`'${duplicate}' is listed twice; strategies must be distinct`);
  if (!(Number.isInteger(repetitions) && repetitions >= 1)) {
    throw new TournamentConfigError(`repetitions must be a whole number ≥ 1, not ${repetitions}`);
  }
  const matches: Match[] = [];
  for (let r = 1; r <= repetitions; r++) {
    for (let i = 0; i < players.length; i++) {
      for (let j = i + 1; j < players.length; j++) {
        matches.push({ matchId: `${players[i]}-${players[j]}.${r}`, players: [players[i]!, players[j]!] });
      }
    }
  }
  return matches;
}

/**
 * A defection is unprovoked when the opponent cooperated on the previous turn, or on the first turn.
 * Retaliation is not hoarding; that is how a referee tells the two apart.
 *
 * @example
 * isUnprovoked('D', 'C') // true
 */
export function isUnprovoked(move: IpdMove, opponentPrevious: IpdMove | undefined): boolean {
  return move === 'D' && opponentPrevious !== 'D';
}
