/**
 * Trust-aware choices for protocols that pick among agents: how much an agent's word or bid is worth
 * given its standing, and an award rule for contract-net bids that prices trust in.
 */
import type { TrustView } from '../src/protocol/reputation-content.js';
import { type AwardRule, byPriceThenEta, withinBudget } from './award-rules.js';

/** What a trust lookup returns: `undefined` when the ledger has never heard of the agent. */
export type TrustLookup = (agent: string) => Pick<TrustView, 'standing' | 'score'> | undefined;

/** Tuning for {@link trustWeight}. */
export interface TrustWeightOptions {
  /** The weight of an agent the ledger does not know. Default 0.5 (the beta prior). */
  readonly unknownWeight?: number;
  /** Multiplies a suspected agent's score. Default 0.5. */
  readonly suspectedFactor?: number;
  /** The least weight a non-banned agent gets, so prices stay finite. Default 0.01. */
  readonly floor?: number;
}

/**
 * How much an agent counts, in [0, 1]: 0 when banned, its score otherwise (halved when suspected).
 *
 * @example
 * trustWeight({ standing: 'trusted', score: 0.9 }) // 0.9
 * trustWeight({ standing: 'banned', score: 0.1 }) // 0
 */
export function trustWeight(
  view: Pick<TrustView, 'standing' | 'score'> | undefined,
  options: TrustWeightOptions = {},
): number {
  if (view === undefined || view.standing === 'unknown') return options.unknownWeight ?? 0.5;
  if (view.standing === 'banned') return 0;
  const factor = view.standing === 'suspected' ? (options.suspectedFactor ?? 0.5) : 1;
  return Math.max(options.floor ?? 0.01, Math.min(1, view.score * factor));
}

/**
 * The price a bid effectively costs once trust is priced in: `price / trustWeight`. Infinite for a
 * banned agent.
 *
 * @example
 * effectivePrice(10, { standing: 'probation', score: 0.5 }) // 20
 */
export function effectivePrice(
  price: number,
  view: Pick<TrustView, 'standing' | 'score'> | undefined,
  options: TrustWeightOptions = {},
): number {
  const weight = trustWeight(view, options);
  return weight === 0 ? Number.POSITIVE_INFINITY : price / weight;
}

/** A bid as the award rule needs it; your bid type may carry more. */
export interface WeighableBid {
  readonly agent: string;
  readonly price: number;
}

/** The award rule's verdict. */
export interface TrustAward<B extends WeighableBid> {
  /** The bid to accept, if any. */
  readonly winner: B | undefined;
  /** Every admissible bid, cheapest effective price first. */
  readonly ranked: ReadonlyArray<B & { readonly effectivePrice: number; readonly weight: number }>;
  /** Bids from banned agents (or below `minWeight`): reject them with reason `untrusted`. */
  readonly excluded: readonly B[];
}

/**
 * An award rule that weighs bids by trust: banned agents (weight 0, or below `minWeight`) are excluded,
 * the rest ranked by `price / trustWeight(trust)`, ties broken by lower price then agent id.
 *
 * @example
 * const award = trustWeightedAward((agent) => trustIn(snapshotOf(ledger).context, agent, clock.now()));
 * const { winner, excluded } = award([{ agent: 'b1', price: 10 }, { agent: 'b2', price: 12 }]);
 */
export function trustWeightedAward(
  trustOf: TrustLookup,
  options: TrustWeightOptions & { readonly minWeight?: number } = {},
): <B extends WeighableBid>(bids: readonly B[]) => TrustAward<B> {
  const minWeight = options.minWeight ?? Number.MIN_VALUE;
  return <B extends WeighableBid>(bids: readonly B[]): TrustAward<B> => {
    const ranked: Array<B & { effectivePrice: number; weight: number }> = [];
    const excluded: B[] = [];
    for (const bid of bids) {
      const weight = trustWeight(trustOf(bid.agent), options);
      if (weight < minWeight) excluded.push(bid);
      else ranked.push({ ...bid, weight, effectivePrice: bid.price / weight });
    }
    ranked.sort(
      (a, b) => a.effectivePrice - b.effectivePrice || a.price - b.price || (a.agent < b.agent ? -1 : 1),
    );
    return { winner: ranked[0], ranked, excluded };
  };
}

/**
 * An {@link AwardRule} for the contract-net initiator that prices trust in: bids within budget, banned
 * bidders (and those under `minWeight`) skipped, the rest ranked by `price / trustWeight` (ties: price,
 * eta, id), the `wanted` best awarded. The rule is as pure as `trustOf`: the same proposals and the same
 * ledger state give the same winners.
 *
 * @example
 * const trustOf = (agent: string) => trustIn(snapshotOf(ledger).context, agent, system.clock.now());
 * const initiator = contractNetInitiator.provide({ actions: { selectWinners: awardWith(trustAwardRule(trustOf)) } });
 */
export function trustAwardRule(
  trustOf: TrustLookup,
  options: TrustWeightOptions & { readonly minWeight?: number } = {},
): AwardRule {
  const rank = trustWeightedAward(trustOf, options);
  return (proposals, task, wanted) => {
    const affordable = withinBudget(proposals, task);
    const { ranked, excluded } = rank(affordable);
    const best = [...ranked].sort((a, b) => a.effectivePrice - b.effectivePrice || byPriceThenEta(a, b));
    const original = new Map(affordable.map((p) => [p.agent, p]));
    const rejections: Record<string, 'untrusted'> = {};
    for (const bid of excluded) rejections[bid.agent] = 'untrusted';
    return { winners: best.slice(0, wanted).map((p) => original.get(p.agent)!), rejections };
  };
}
