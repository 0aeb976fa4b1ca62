import type { RejectionReason, TaskContent } from '../src/protocol/contract-net-content.js';
import type { AgentId } from '../src/protocol/ids.js';
import type { ReplyAddress } from '../src/protocol/outbound.js';

/** A proposal as the initiator keeps it: who, for how much, how soon, and where to answer. */
export interface Proposal {
  readonly agent: AgentId;
  readonly price: number;
  readonly eta: number;
  readonly address: ReplyAddress;
}

/**
 * An award: the winners, and for proposers left out for a reason other than price (`untrusted`, …)
 * that reason. Everyone else left out is rejected as `over-budget` or `outbid`.
 */
export interface Award {
  readonly winners: readonly Proposal[];
  readonly rejections?: Readonly<Record<AgentId, RejectionReason>>;
}

/**
 * Chooses the winners among the proposals of one round: none, one or several. Rules must be pure: the same
 * proposals give the same award.
 */
export type AwardRule = (proposals: readonly Proposal[], task: TaskContent, wanted: number) => Award;

/** Cheaper first; ties go to the sooner, then to the lower id, so awards never depend on arrival order. */
export function byPriceThenEta(a: Proposal, b: Proposal): number {
  return a.price - b.price || a.eta - b.eta || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0);
}

/** The proposals a task's budget allows. */
export function withinBudget(proposals: readonly Proposal[], task: TaskContent): Proposal[] {
  return proposals.filter((p) => task.budget === undefined || p.price <= task.budget);
}

/**
 * The default rule: the `wanted` cheapest proposals within the task's budget.
 *
 * @example
 * cheapestWithinBudget(proposals, task, 1).winners // [the cheapest affordable proposal] or []
 */
export const cheapestWithinBudget: AwardRule = (proposals, task, wanted) => ({
  winners: withinBudget(proposals, task).toSorted(byPriceThenEta).slice(0, wanted),
});
