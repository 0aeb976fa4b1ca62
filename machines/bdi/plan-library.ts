import { AgentDefinitionError } from '../agent-definition-error.js';
import type { GoalDefinition, GoalLibrary, GoalRef, Plan, PlanFailureRecord, Step } from './bdi-types.js';

/** A plan with its goal's argument type erased, as the reasoning cycle handles every goal alike. */
interface ErasedPlan<TBeliefs> {
  readonly id: string;
  readonly goal: string;
  readonly context?: (beliefs: TBeliefs, args: unknown) => boolean;
  readonly body: readonly Step<TBeliefs, never, unknown>[];
}

type ErasedGoal<TBeliefs> = GoalDefinition<TBeliefs, unknown>;

/**
 * The id of one goal instance: its name, and its arguments as JSON when it has any. Two adoptions of the
 * same goal with equal arguments are one desire.
 *
 * @example
 * goalId({ goal: 'deliver', args: { parcel: 'p1' } }) // 'deliver:{"parcel":"p1"}'
 */
export function goalId(ref: { readonly goal: string; readonly args?: unknown }): string {
  return ref.args === undefined ? ref.goal : `${ref.goal}:${JSON.stringify(ref.args)}`;
}

/**
 * The goals and plans of an agent, indexed, with the questions the reasoning cycle asks of them. Built
 * once per machine; checks that plan ids are unique and every plan serves a declared goal.
 *
 * @example
 * const library = new PlanLibrary(goals, plans);
 * library.applicable(beliefs, { goal: 'deliver', args: { parcel: 'p1' } })?.id // 'collect-and-deliver'
 */
export class PlanLibrary<TBeliefs, TGoals> {
  private readonly goals: ReadonlyMap<string, ErasedGoal<TBeliefs>>;
  private readonly plans = new Map<string, ErasedPlan<TBeliefs>>();
  private readonly byGoal = new Map<string, ErasedPlan<TBeliefs>[]>();

  constructor(goals: GoalLibrary<TBeliefs, TGoals>, plans: readonly Plan<TBeliefs, TGoals>[]) {
    this.goals = new Map(Object.entries(goals as Record<string, ErasedGoal<TBeliefs>>));
    for (const plan of plans as readonly ErasedPlan<TBeliefs>[]) this.add(plan);
  }

  private add(plan: ErasedPlan<TBeliefs>): void {
    if (this.plans.has(plan.id)) {
      throw new AgentDefinitionError(`two plans have the id '${plan.id}'; plan ids must be unique`);
    }
    if (!this.goals.has(plan.goal)) {
      throw new AgentDefinitionError(
        `plan '${plan.id}' serves goal '${plan.goal}', which is not declared; add it to \`goals\``,
      );
    }
    this.plans.set(plan.id, plan);
    this.byGoal.set(plan.goal, [...(this.byGoal.get(plan.goal) ?? []), plan]);
  }

  private goal(ref: GoalRef<TGoals>): ErasedGoal<TBeliefs> {
    const goal = this.goals.get(ref.goal);
    if (goal === undefined) {
      throw new AgentDefinitionError(`goal '${ref.goal}' is not declared; add it to \`goals\``);
    }
    return goal;
  }

  /** True when `goal` is declared; adopted goals are checked against it. */
  has(goal: string): boolean {
    return this.goals.has(goal);
  }

  achieved(beliefs: TBeliefs, ref: GoalRef<TGoals>): boolean {
    return this.goal(ref).achieved(beliefs, ref.args);
  }

  impossible(beliefs: TBeliefs, ref: GoalRef<TGoals>): boolean {
    return this.goal(ref).impossible?.(beliefs, ref.args) ?? false;
  }

  priority(beliefs: TBeliefs, ref: GoalRef<TGoals>): number {
    const priority = this.goal(ref).priority ?? 0;
    return typeof priority === 'number' ? priority : priority(beliefs, ref.args);
  }

  /** True when the plan's context holds for these beliefs and arguments. */
  holds(planId: string, beliefs: TBeliefs, args: unknown): boolean {
    return this.plan(planId).context?.(beliefs, args) ?? true;
  }

  /** The first plan for the goal, in library order, whose context holds and that has not failed yet. */
  applicable(
    beliefs: TBeliefs,
    ref: GoalRef<TGoals>,
    failures: readonly PlanFailureRecord[] = [],
  ): ErasedPlan<TBeliefs> | undefined {
    const failed = new Set(failures.map((f) => f.plan));
    return this.byGoal
      .get(ref.goal)
      ?.find((plan) => !failed.has(plan.id) && (plan.context?.(beliefs, ref.args) ?? true));
  }

  plan(id: string): ErasedPlan<TBeliefs> {
    const plan = this.plans.get(id);
    if (plan === undefined) {
      throw new AgentDefinitionError(
        `plan '${id}' is not in the library; was it renamed since the snapshot?`,
      );
    }
    return plan;
  }
}
