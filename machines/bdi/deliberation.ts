import { AgentDefinitionError } from '../agent-definition-error.js';
import type { BdiContext, Desire, GoalEnd, GoalRef, IntentionFrame, PlanFailureRecord } from './bdi-types.js';
import { endFrame, failPlan, frameFor, recordEnd, refOf } from './intention-stack.js';
import { goalId, type PlanLibrary } from './plan-library.js';

/** The context without the desire `id` and any intention suspended for it. */
function forget<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  id: string,
): BdiContext<TBeliefs, TGoals> {
  return {
    ...context,
    desires: context.desires.filter((d) => d.id !== id),
    suspended: context.suspended.filter((stack) => stack[0]?.id !== id),
  };
}

function describeFailures(failures: readonly PlanFailureRecord[]): string {
  if (failures.length === 0) return 'no plan applies';
  return `no plan left to try (${failures.map((f) => `${f.plan}: ${f.reason}`).join('; ')})`;
}

/**
 * The decisions of the reasoning cycle, as pure functions from context to context: which desire to
 * pursue, which plan to commit to, when to give up, and when beliefs call the intention into question.
 * The machine's guards ask these questions and its actions apply the answers.
 *
 * @example
 * const deliberation = new Deliberation(new PlanLibrary(goals, plans));
 * if (deliberation.mustReconsider(context)) context = deliberation.settle(context);
 */
export class Deliberation<TBeliefs, TGoals> {
  constructor(readonly library: PlanLibrary<TBeliefs, TGoals>) {}

  /**
   * The intention after one revision the beliefs force on it (a goal achieved or impossible, a plan whose
   * context stopped holding or that ran out of steps), or `undefined` when it stands as it is.
   */
  revise(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> | undefined {
    const { beliefs, intention } = context;
    for (let i = 0; i < intention.length; i++) {
      const frame = intention[i]!;
      if (this.library.achieved(beliefs, frame)) return endFrame(context, i, 'achieved', undefined);
      if (this.library.impossible(beliefs, frame)) {
        return endFrame(context, i, 'impossible', 'it became impossible');
      }
      if (frame.plan !== undefined && !this.library.holds(frame.plan, beliefs, frame.args)) {
        return this.replaceFrom(context, i, failPlan(frame, 'its context no longer holds'));
      }
    }
    const top = intention.at(-1);
    if (top?.plan !== undefined && top.step >= this.library.plan(top.plan).body.length) {
      return this.replaceFrom(
        context,
        intention.length - 1,
        failPlan(top, 'it ended without achieving the goal'),
      );
    }
    return undefined;
  }

  private replaceFrom(
    context: BdiContext<TBeliefs, TGoals>,
    index: number,
    frame: IntentionFrame<TGoals>,
  ): BdiContext<TBeliefs, TGoals> {
    return { ...context, intention: [...context.intention.slice(0, index), frame] };
  }

  /** Ends desires that are not being pursued but were achieved or became impossible meanwhile. */
  retire(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> {
    let next = context;
    for (const desire of context.desires) {
      if (desire.id === context.intention[0]?.id) continue;
      const achieved = this.library.achieved(context.beliefs, desire);
      if (!achieved && !this.library.impossible(context.beliefs, desire)) continue;
      const end = { ...refOf(desire), id: desire.id, subgoal: false };
      const outcome = achieved
        ? { outcome: 'achieved' }
        : { outcome: 'impossible', reason: 'it became impossible' };
      next = recordEnd(next, { ...end, ...outcome } as GoalEnd<TGoals>);
      next = forget(next, desire.id);
    }
    return next;
  }

  /** A desire the agent could start on now: not achieved, not impossible, and some plan applies. */
  pursuable(context: BdiContext<TBeliefs, TGoals>, desire: Desire<TGoals>): boolean {
    const { beliefs } = context;
    return (
      !this.library.achieved(beliefs, desire) &&
      !this.library.impossible(beliefs, desire) &&
      this.library.applicable(beliefs, desire) !== undefined
    );
  }

  /** The most important pursuable desire (earliest adopted among equals), above `floor` priority. */
  best(context: BdiContext<TBeliefs, TGoals>, floor = Number.NEGATIVE_INFINITY): Desire<TGoals> | undefined {
    let chosen: Desire<TGoals> | undefined;
    let top = floor;
    for (const desire of context.desires) {
      if (desire.id === context.intention[0]?.id) continue;
      const priority = this.library.priority(context.beliefs, desire);
      if (priority > top && this.pursuable(context, desire)) {
        chosen = desire;
        top = priority;
      }
    }
    return chosen;
  }

  /** A desire more important than the one intended that the agent could pursue now, if any. */
  preemptor(context: BdiContext<TBeliefs, TGoals>): Desire<TGoals> | undefined {
    const bottom = context.intention[0];
    if (bottom === undefined) return undefined;
    return this.best(context, this.library.priority(context.beliefs, bottom));
  }

  /**
   * True when what the agent now believes calls its current intention into question, or when there is no
   * intention left to execute (its desire was withdrawn).
   */
  mustReconsider(context: BdiContext<TBeliefs, TGoals>): boolean {
    if (context.intention.length === 0) return true;
    return this.revise(context) !== undefined || this.preemptor(context) !== undefined;
  }

  /** Applies every revision the beliefs force, retires ended desires, and lets a more important desire in. */
  settle(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> {
    let next = context;
    for (let revised = this.revise(next); revised !== undefined; revised = this.revise(next)) next = revised;
    next = this.retire(next);
    if (this.preemptor(next) === undefined) return next;
    return { ...next, intention: [], suspended: [...next.suspended, next.intention] };
  }

  /**
   * Makes the best pursuable desire the intention: the one suspended for it when there is one (it
   * resumes where it stopped, and deliberation re-checks it), else a fresh one with no plan chosen.
   */
  focus(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> {
    const desire = this.best(context);
    if (desire === undefined) return context;
    const resumed = context.suspended.find((stack) => stack[0]?.id === desire.id);
    if (resumed === undefined) return { ...context, intention: [frameFor(desire, desire.id)] };
    return { ...context, intention: resumed, suspended: context.suspended.filter((s) => s !== resumed) };
  }

  /** The plan the top goal would commit to: the first applicable one that has not failed for it. */
  nextPlan(context: BdiContext<TBeliefs, TGoals>): string | undefined {
    const top = context.intention.at(-1);
    return top === undefined ? undefined : this.library.applicable(context.beliefs, top, top.failures)?.id;
  }

  /** Commits the top goal to its next plan, from the first step. */
  commit(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> {
    const plan = this.nextPlan(context);
    const top = context.intention.at(-1);
    if (plan === undefined || top === undefined) return context;
    return this.replaceFrom(context, context.intention.length - 1, { ...top, plan, step: 0 });
  }

  /** Drops the top goal, which has no plan left, with the reason every plan failed. */
  giveUp(context: BdiContext<TBeliefs, TGoals>): BdiContext<TBeliefs, TGoals> {
    const index = context.intention.length - 1;
    const top = context.intention[index];
    if (top === undefined) return context;
    return endFrame(context, index, 'dropped', describeFailures(top.failures));
  }

  /** Adds desires not held yet. Throws for a goal the library does not declare. */
  adopt(
    context: BdiContext<TBeliefs, TGoals>,
    refs: readonly GoalRef<TGoals>[],
  ): BdiContext<TBeliefs, TGoals> {
    let desires = context.desires;
    for (const ref of refs) {
      if (!this.library.has(ref.goal)) {
        throw new AgentDefinitionError(
          `goal '${ref.goal}' was adopted but is not declared; add it to \`goals\``,
        );
      }
      const id = goalId(ref);
      if (!desires.some((d) => d.id === id)) desires = [...desires, { ...refOf(ref), id } as Desire<TGoals>];
    }
    return desires === context.desires ? context : { ...context, desires };
  }

  /** Gives up desires, recording them as dropped (`withdrawn`), and the intention if it served one. */
  withdraw(
    context: BdiContext<TBeliefs, TGoals>,
    refs: readonly GoalRef<TGoals>[],
  ): BdiContext<TBeliefs, TGoals> {
    let next = context;
    for (const ref of refs) {
      const id = goalId(ref);
      const desire = next.desires.find((d) => d.id === id);
      if (desire === undefined) continue;
      const end = { ...refOf(desire), id, outcome: 'dropped', reason: 'withdrawn', subgoal: false };
      next = forget(recordEnd(next, end as GoalEnd<TGoals>), id);
      if (next.intention[0]?.id === id) next = { ...next, intention: [] };
    }
    return next;
  }
}
