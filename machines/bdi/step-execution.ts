import type { Message } from '../../src/protocol/outbound.js';
import { withDraws } from '../random-draws.js';
import type { BdiContext, IntentionFrame, StepResult } from './bdi-types.js';
import { failPlan, frameFor } from './intention-stack.js';
import { PlanFailure } from './plan-failure.js';
import type { PlanLibrary } from './plan-library.js';

/** The context after one step, and the messages the step sends. */
export interface StepOutcome<TBeliefs, TGoals> {
  readonly context: BdiContext<TBeliefs, TGoals>;
  readonly send: readonly Message[];
}

function runStep<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  library: PlanLibrary<TBeliefs, TGoals>,
  frame: IntentionFrame<TGoals> & { readonly plan: string },
): [StepResult<TBeliefs, TGoals>, number] {
  const step = library.plan(frame.plan).body[frame.step];
  if (step === undefined) return [{}, context.rng];
  return withDraws(context.rng, (random) => {
    try {
      return step({ beliefs: context.beliefs, args: frame.args, agent: context.agent, random }) ?? {};
    } catch (error) {
      if (error instanceof PlanFailure) return { fail: error.message };
      throw error;
    }
  }) as [StepResult<TBeliefs, TGoals>, number];
}

function advance<TGoals>(
  frame: IntentionFrame<TGoals>,
  result: StepResult<unknown, TGoals>,
): IntentionFrame<TGoals>[] {
  if (result.fail !== undefined) return [failPlan(frame, result.fail)];
  const moved = { ...frame, step: result.repeat === true ? frame.step : frame.step + 1 };
  return result.post === undefined ? [moved] : [moved, frameFor(result.post)];
}

/**
 * Executes the next step of the intention's top plan: applies its belief changes, moves to the next step
 * (or stays, for `repeat`), stacks a posted subgoal, or fails the plan. A `PlanFailure` thrown by the step
 * fails the plan; any other error propagates and fails the agent.
 *
 * @example
 * const { context: next, send } = performStep(context, library);
 */
export function performStep<TBeliefs, TGoals>(
  context: BdiContext<TBeliefs, TGoals>,
  library: PlanLibrary<TBeliefs, TGoals>,
): StepOutcome<TBeliefs, TGoals> {
  const top = context.intention.at(-1);
  if (top?.plan === undefined) return { context, send: [] };
  const [result, rng] = runStep(context, library, { ...top, plan: top.plan });
  const beliefs = result.beliefs === undefined ? context.beliefs : { ...context.beliefs, ...result.beliefs };
  const intention = [...context.intention.slice(0, -1), ...advance(top, result)];
  return {
    context: { ...context, beliefs, intention, rng, steps: context.steps + 1 },
    send: result.send ?? [],
  };
}
