import type { BdiContext, GoalEnd, GoalOutcome, GoalRef, IntentionFrame } from './bdi-types.js';
import { goalId } from './plan-library.js';

/**
 * The goal reference inside a frame, a desire or an ended record, without its bookkeeping.
 *
 * @example
 * refOf(desire) // { goal: 'deliver', args: { parcel: 'p1' } }
 */
export function refOf<TGoals>(item: GoalRef<TGoals>): GoalRef<TGoals> {
  return { goal: item.goal, args: item.args } as GoalRef<TGoals>;
}

/**
 * A fresh frame for a goal: no plan chosen yet, no failures.
 *
 * @example
 * frameFor({ goal: 'reach', args: { place: 'mill' } }) // { …, plan: undefined, step: 0, failures: [] }
 */
export function frameFor<TGoals>(ref: GoalRef<TGoals>, id = goalId(ref)): IntentionFrame<TGoals> {
  return { ...refOf(ref), id, plan: undefined, step: 0, failures: [] };
}

/**
 * The frame with its plan given up for `reason`: the goal will be planned again without that plan.
 *
 * @example
 * failPlan(frame, 'out of fuel').failures.at(-1) // { plan: 'drive', reason: 'out of fuel' }
 */
export function failPlan<TGoals>(frame: IntentionFrame<TGoals>, reason: string): IntentionFrame<TGoals> {
  if (frame.plan === undefined) return frame;
  return { ...frame, plan: undefined, step: 0, failures: [...frame.failures, { plan: frame.plan, reason }] };
}

/**
 * The context with `end` recorded after the ends already recorded. Only the agent trims the record (to
 * `keepEnded`), once per action, after it has reported what ended.
 *
 * @example
 * recordEnd(context, { goal: 'fix', id: 'fix', outcome: 'achieved', subgoal: false })
 */
export function recordEnd<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  end: GoalEnd<TGoals>,
): BdiContext<TBeliefs, TGoals> {
  return { ...context, ended: [...context.ended, end] };
}

/**
 * The context keeping only the latest `keep` ended goals.
 *
 * @example
 * keepLatestEnds(context, 100).ended.length // at most 100
 */
export function keepLatestEnds<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  keep: number,
): BdiContext<TBeliefs, TGoals> {
  const { ended } = context;
  return ended.length > keep ? { ...context, ended: ended.slice(ended.length - keep) } : context;
}

/**
 * Ends the goal of frame `index`: records how, removes it and every frame above it, and removes the
 * desire when it was the bottom frame. A subgoal that ends other than achieved fails its parent's plan.
 *
 * @example
 * endFrame(context, context.intention.length - 1, 'dropped', 'no plan applies')
 */
export function endFrame<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  index: number,
  outcome: GoalOutcome,
  reason: string | undefined,
): BdiContext<TBeliefs, TGoals> {
  const frame = context.intention[index]!;
  const subgoal = index > 0;
  const end = {
    ...refOf(frame),
    id: frame.id,
    outcome,
    subgoal,
    ...(reason === undefined ? {} : { reason }),
  };
  const recorded = recordEnd(context, end as GoalEnd<TGoals>);
  const below = context.intention.slice(0, index);
  if (!subgoal) {
    const desires = context.desires.filter((d) => d.id !== frame.id);
    return { ...recorded, intention: [], desires };
  }
  if (outcome === 'achieved') return { ...recorded, intention: below };
  const parent = below[index - 1]!;
  const why = `subgoal ${frame.id} ${outcome === 'dropped' ? 'was dropped' : 'is impossible'}: ${reason}`;
  return { ...recorded, intention: [...below.slice(0, -1), failPlan(parent, why)] };
}
