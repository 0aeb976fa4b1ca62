import type { AgentIdentity } from '../../src/protocol/agent-identity.js';
import type { Message } from '../../src/protocol/outbound.js';
import type { Random } from '../random-draws.js';

/**
 * The goals an agent can have: each goal's name mapped to the type of its arguments (`undefined` for a
 * goal that takes none), e.g. `{ deliver: { parcel: string }; recharge: undefined }`. Arguments live in
 * the agent's context, so they must be plain JSON data.
 */
export type GoalSignatures = Record<string, unknown>;

/** The name of one of the goals in `TGoals`. */
export type GoalName<TGoals> = keyof TGoals & string;

/** One goal with its arguments: what a perception adopts and a step posts as a subgoal. */
export type GoalRef<TGoals> = {
  [K in GoalName<TGoals>]: undefined extends TGoals[K]
    ? { readonly goal: K; readonly args?: TGoals[K] }
    : { readonly goal: K; readonly args: TGoals[K] };
}[GoalName<TGoals>];

/** A desire the agent has adopted and not yet ended; `id` tells apart instances of one goal. */
export type Desire<TGoals> = GoalRef<TGoals> & { readonly id: string };

/**
 * What makes a goal a goal: when it is achieved, when it can no longer be, and how much it matters.
 * Desires compete by priority: the agent pursues the highest-priority desire it has a plan for.
 */
export interface GoalDefinition<TBeliefs, TArgs> {
  /** Higher goes first. A function lets urgency follow the beliefs (a battery running low). Default 0. */
  readonly priority?: number | ((beliefs: TBeliefs, args: TArgs) => number);
  readonly achieved: (beliefs: TBeliefs, args: TArgs) => boolean;
  /** When it holds the goal ends as impossible, whatever is being done for it. */
  readonly impossible?: (beliefs: TBeliefs, args: TArgs) => boolean;
}

/** One definition for every goal in `TGoals`. */
export type GoalLibrary<TBeliefs, TGoals> = {
  readonly [K in GoalName<TGoals>]: GoalDefinition<TBeliefs, TGoals[K]>;
};

/** What a step sees: current beliefs, its goal's arguments, who the agent is, and a seeded `random()`. */
export interface StepSituation<TBeliefs, TArgs> {
  readonly beliefs: Readonly<TBeliefs>;
  readonly args: TArgs;
  readonly agent: AgentIdentity;
  readonly random: Random;
}

/**
 * What a step did. Every field is optional; returning nothing means the step succeeded and changed
 * nothing. `fail` fails the plan (so does throwing a `PlanFailure`); `post` pursues a subgoal before the
 * plan goes on; `repeat` runs this step again next time instead of the next one (a loop, e.g. one road
 * at a time until arrived).
 */
export interface StepResult<TBeliefs, TGoals> {
  readonly beliefs?: Partial<TBeliefs>;
  readonly send?: readonly Message[];
  readonly post?: GoalRef<TGoals>;
  readonly repeat?: boolean;
  readonly fail?: string;
}

/** One step of a plan body: runs when the step delay has passed, between perceptions. */
export type Step<TBeliefs, TGoals, TArgs> = (
  situation: StepSituation<TBeliefs, TArgs>,
) => StepResult<TBeliefs, TGoals> | undefined;

/** A plan for goal `K`: when it applies (its context, checked before and during execution) and its steps. */
export interface PlanFor<TBeliefs, TGoals, K extends GoalName<TGoals>> {
  /** Unique in the library; shows in the intention and in failure reasons. */
  readonly id: string;
  /** The goal this plan serves (its trigger). */
  readonly goal: K;
  /** Must hold to pick the plan and to keep executing it. Omitted: always applies. */
  readonly context?: (beliefs: TBeliefs, args: TGoals[K]) => boolean;
  readonly body: readonly Step<TBeliefs, TGoals, TGoals[K]>[];
}

/** A plan in the library: for one of the goals, tried in library order. */
export type Plan<TBeliefs, TGoals> = {
  [K in GoalName<TGoals>]: PlanFor<TBeliefs, TGoals, K>;
}[GoalName<TGoals>];

/** What a perceived message changes: beliefs, desires adopted or withdrawn, and messages to send. */
export interface Perception<TBeliefs, TGoals> {
  readonly beliefs?: Partial<TBeliefs>;
  readonly adopt?: readonly GoalRef<TGoals>[];
  /** Desires to give up (recorded as dropped, reason `withdrawn`). */
  readonly withdraw?: readonly GoalRef<TGoals>[];
  readonly send?: readonly Message[];
}

/** Why a plan failed for a goal: kept while the goal is pursued, and in the reason when it is dropped. */
export interface PlanFailureRecord {
  readonly plan: string;
  readonly reason: string;
}

/**
 * One level of an intention: the goal pursued, the plan committed to (none while choosing one), the next
 * step, and the plans that already failed for it. A subgoal stacks a frame above its parent's.
 */
export type IntentionFrame<TGoals> = GoalRef<TGoals> & {
  /** The goal instance's id: the desire's for the bottom frame. */
  readonly id: string;
  readonly plan: string | undefined;
  readonly step: number;
  readonly failures: readonly PlanFailureRecord[];
};

/** How a goal ended. */
export type GoalOutcome = 'achieved' | 'impossible' | 'dropped';

/** A goal that ended, and why: kept in `context.ended` (the latest `keepEnded`). */
export type GoalEnd<TGoals> = GoalRef<TGoals> & {
  readonly id: string;
  readonly outcome: GoalOutcome;
  /** Why it was dropped or impossible. */
  readonly reason?: string;
  /** True for a subgoal posted by a plan, false for a desire. */
  readonly subgoal: boolean;
};

/** Everything a BDI agent knows and intends. Plain data, so a persisted snapshot restores it whole. */
export interface BdiContext<TBeliefs, TGoals> {
  readonly agent: AgentIdentity;
  readonly beliefs: TBeliefs;
  /** Adopted goals not yet ended, in adoption order. */
  readonly desires: readonly Desire<TGoals>[];
  /** The intention being executed, as a stack: the desire at the bottom, subgoals above. Empty when none. */
  readonly intention: readonly IntentionFrame<TGoals>[];
  /** Intentions set aside for a more important desire, resumed where they stopped when it is done. */
  readonly suspended: readonly (readonly IntentionFrame<TGoals>[])[];
  readonly ended: readonly GoalEnd<TGoals>[];
  /** Steps executed so far. */
  readonly steps: number;
  readonly rng: number;
}
