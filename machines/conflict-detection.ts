/**
 * Detecting conflicts between agents, as pure functions: trading signals that point opposite ways, and
 * claims on a shared resource that add up to more than it holds; and the weighted allocation that
 * settles the latter.
 */
import type { SignalAction } from '../src/protocol/conflict-content.js';

/** One analyst's recommendation. */
export interface Signal {
  readonly source: string;
  readonly symbol: string;
  readonly action: SignalAction;
  readonly confidence: number;
}

/** One side of a disagreement. */
export interface SignalSide {
  readonly sources: readonly string[];
  readonly meanConfidence: number;
}

/** What {@link signalSeverity} measures. */
export interface SignalSplit {
  readonly buy: SignalSide;
  readonly sell: SignalSide;
  readonly hold: readonly string[];
  /** True when there is at least one buy and at least one sell. */
  readonly opposing: boolean;
  /** |mean buy confidence − mean sell confidence|; 0 unless `opposing`. */
  readonly severity: number;
}

/** A detected conflict: opposing signals whose severity is above the threshold. */
export interface SignalConflict extends SignalSplit {
  readonly symbol: string;
  readonly threshold: number;
}

const side = (signals: readonly Signal[], action: SignalAction): SignalSide => {
  const mine = signals.filter((s) => s.action === action);
  const mean = mine.length === 0 ? 0 : mine.reduce((sum, s) => sum + s.confidence, 0) / mine.length;
  return { sources: mine.map((s) => s.source), meanConfidence: mean };
};

/**
 * Splits signals into buy, sell and hold and measures severity = |mean buy confidence − mean sell
 * confidence| when both buy and sell are present.
 *
 * @example
 * signalSeverity([{ source: 'a', symbol: 'X', action: 'buy', confidence: 0.9 }, { source: 'b', symbol: 'X', action: 'sell', confidence: 0.5 }]).severity // 0.4
 */
export function signalSeverity(signals: readonly Signal[]): SignalSplit {
  const buy = side(signals, 'buy');
  const sell = side(signals, 'sell');
  const opposing = buy.sources.length > 0 && sell.sources.length > 0;
  return {
    buy,
    sell,
    hold: signals.filter((s) => s.action === 'hold').map((s) => s.source),
    opposing,
    severity: opposing ? Math.abs(buy.meanConfidence - sell.meanConfidence) : 0,
  };
}

/**
 * The conflict among `signals` on `symbol`, or `undefined`: a conflict is opposing signals whose severity
 * is above `threshold` (default 0.2).
 *
 * @example
 * const conflict = detectSignalConflict(signals, 'ACME', 0.2);
 * if (conflict) console.log(conflict.severity);
 */
export function detectSignalConflict(
  signals: readonly Signal[],
  symbol: string,
  threshold = 0.2,
): SignalConflict | undefined {
  const split = signalSeverity(signals.filter((s) => s.symbol === symbol));
  return split.opposing && split.severity > threshold ? { ...split, symbol, threshold } : undefined;
}

/** One claim on a shared resource. */
export interface Claim {
  readonly claimant: string;
  readonly resource: string;
  readonly amount: number;
  /** Multiplies the claimant's weight. Default 1. */
  readonly priority?: number;
}

/** Claims on a resource that exceed what it holds. */
export interface Oversubscription {
  readonly resource: string;
  readonly capacity: number;
  readonly demanded: number;
  readonly excess: number;
  readonly claimants: readonly string[];
}

/**
 * The oversubscription of `resource`, or `undefined` when the claims fit.
 *
 * @example
 * detectOversubscription(claims, 'capital', 100_000)?.excess
 */
export function detectOversubscription(
  claims: readonly Claim[],
  resource: string,
  capacity: number,
): Oversubscription | undefined {
  const mine = claims.filter((c) => c.resource === resource);
  const demanded = mine.reduce((sum, c) => sum + c.amount, 0);
  return demanded > capacity
    ? { resource, capacity, demanded, excess: demanded - capacity, claimants: mine.map((c) => c.claimant) }
    : undefined;
}

/** What one claimant is granted. */
export interface Grant {
  readonly claimant: string;
  readonly requested: number;
  readonly granted: number;
}

/**
 * Shares `capacity` among the claims in proportion to weight × priority, never giving anyone more than
 * they asked for; what a capped claimant leaves is shared among the rest (water-filling). Claims that fit
 * are granted in full. A claimant of weight 0 (banned) gets nothing.
 *
 * @example
 * weightedAllocation([{ claimant: 'a', resource: 'r', amount: 80 }, { claimant: 'b', resource: 'r', amount: 80 }], 100, () => 1)
 * // a: 50, b: 50
 */
export function weightedAllocation(
  claims: readonly Claim[],
  capacity: number,
  weightOf: (claimant: string) => number,
): Grant[] {
  const granted = new Map<Claim, number>(claims.map((c) => [c, 0]));
  const total = claims.reduce((sum, c) => sum + c.amount, 0);
  if (total <= capacity)
    return claims.map((c) => ({ claimant: c.claimant, requested: c.amount, granted: c.amount }));
  let left = capacity;
  let open = claims.filter((c) => c.amount > 0 && weightOf(c.claimant) * (c.priority ?? 1) > 0);
  while (left > 1e-9 && open.length > 0) {
    const weightSum = open.reduce((sum, c) => sum + weightOf(c.claimant) * (c.priority ?? 1), 0);
    const share = (c: Claim) => (left * weightOf(c.claimant) * (c.priority ?? 1)) / weightSum;
    const capped = open.filter((c) => c.amount - granted.get(c)! <= share(c));
    if (capped.length === 0) {
      for (const c of open) granted.set(c, granted.get(c)! + share(c));
      left = 0;
      break;
    }
    for (const c of capped) {
      left -= c.amount - granted.get(c)!;
      granted.set(c, c.amount);
    }
    open = open.filter((c) => !capped.includes(c));
  }
  return claims.map((c) => ({ claimant: c.claimant, requested: c.amount, granted: granted.get(c)! }));
}
