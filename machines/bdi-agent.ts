import { enqueueActions, raise, setup } from 'xstate';
import type { AgentIdentity, AgentInput } from '../src/protocol/agent-identity.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Message, type Outbound, outbound } from '../src/protocol/outbound.js';
import { AgentDefinitionError } from './agent-definition-error.js';
import type {
  BdiContext,
  GoalEnd,
  GoalLibrary,
  GoalRef,
  GoalSignatures,
  Perception,
  Plan,
  StepSituation,
} from './bdi/bdi-types.js';
import { Deliberation } from './bdi/deliberation.js';
import { keepLatestEnds } from './bdi/intention-stack.js';
import { PlanLibrary } from './bdi/plan-library.js';
import { performStep } from './bdi/step-execution.js';
import { BDI_RESUME, stepWatch } from './bdi/step-watch.js';
import { withDraws } from './random-draws.js';

export { BDI_RESUME };

/** The events a BDI agent raises and accepts besides messages. */
export type BdiSignal = { readonly type: 'bdi.revised' } | { readonly type: typeof BDI_RESUME };

/** Spawn input: belief fields and desires for this agent, on top of the factory's. */
export type BdiInput<TBeliefs, TGoals> = AgentInput<{
  readonly beliefs?: Partial<TBeliefs>;
  readonly desires?: readonly GoalRef<TGoals>[];
}>;

/** How a perceived message is turned into belief changes, desires and replies. */
export type Perceive<TBeliefs, TGoals, TEvent extends Inbound> = (
  message: TEvent,
  situation: Omit<StepSituation<TBeliefs, undefined>, 'args'>,
) => Perception<TBeliefs, TGoals> | undefined;

/** What to send when a goal ends, e.g. a `failure` to whoever asked for it. */
export type OnGoalEnd<TBeliefs, TGoals> = (
  end: GoalEnd<TGoals>,
  beliefs: TBeliefs,
) => readonly Message[] | undefined;

/** How to build a BDI agent. */
export interface BdiAgentOptions<
  TBeliefs extends object,
  TGoals extends GoalSignatures,
  TEvent extends Inbound,
> {
  /** The machine's id, shown by the inspector. Default `bdi-agent`. */
  readonly id?: string;
  /** The initial beliefs (plain data), or a function of the agent's identity that makes them. */
  readonly beliefs: TBeliefs | ((agent: AgentIdentity) => TBeliefs);
  /** What each goal means: achieved, impossible, priority. */
  readonly goals: GoalLibrary<TBeliefs, TGoals>;
  /** The plan library, in preference order: for a goal, the first applicable plan is tried first. */
  readonly plans: readonly Plan<TBeliefs, TGoals>[];
  /** Desires the agent starts with. */
  readonly desires?: readonly GoalRef<TGoals>[];
  /** The performatives the agent listens to; the runtime answers others `not-understood`. */
  readonly perceives?: readonly TEvent['type'][];
  /** Belief revision: what a message changes. Runs at once, in any state, without interrupting a step. */
  readonly perceive?: Perceive<TBeliefs, TGoals, TEvent>;
  /** Messages to send when a goal ends (achieved, impossible or dropped): tell whoever asked for it. */
  readonly onGoalEnd?: OnGoalEnd<TBeliefs, TGoals>;
  /** Time one plan step takes, in ms (the named delay `step`). Default 100. */
  readonly stepDelay?: number;
  /** How many ended goals `context.ended` keeps. Default 100. */
  readonly keepEnded?: number;
}

function initialBeliefs<TBeliefs>(
  beliefs: TBeliefs | ((agent: AgentIdentity) => TBeliefs),
  agent: AgentIdentity,
) {
  return typeof beliefs === 'function' ? (beliefs as (agent: AgentIdentity) => TBeliefs)(agent) : beliefs;
}

type Context<TBeliefs, TGoals> = BdiContext<TBeliefs, TGoals>;
// Messages are typed where user code sees them (`perceive`); the chart itself handles any envelope,
// which keeps its own transitions checkable by TypeScript.
type Event = Inbound | BdiSignal;

/** Belief revision: runs `perceive` on a message and applies what it perceived. */
function reviser<TBeliefs extends object, TGoals extends GoalSignatures, TEvent extends Inbound>(
  perceive: Perceive<TBeliefs, TGoals, TEvent>,
  deliberation: Deliberation<TBeliefs, TGoals>,
) {
  return (context: Context<TBeliefs, TGoals>, message: TEvent): [Context<TBeliefs, TGoals>, Outbound[]] => {
    const [perception, rng] = withDraws(context.rng, (random) =>
      perceive(message, { beliefs: context.beliefs, agent: context.agent, random }),
    );
    const revised = { ...context, beliefs: { ...context.beliefs, ...perception?.beliefs }, rng };
    const next = deliberation.withdraw(
      deliberation.adopt(revised, perception?.adopt ?? []),
      perception?.withdraw ?? [],
    );
    return [next, (perception?.send ?? []).map(outbound)];
  };
}

/** The messages `onGoalEnd` sends for goals that just ended. */
function goalReports<TBeliefs, TGoals>(onGoalEnd: OnGoalEnd<TBeliefs, TGoals> | undefined) {
  return (ended: readonly GoalEnd<TGoals>[], beliefs: TBeliefs): Outbound[] =>
    onGoalEnd === undefined ? [] : ended.flatMap((end) => (onGoalEnd(end, beliefs) ?? []).map(outbound));
}

/** The machine's implementations: each decision of the reasoning cycle as a named guard or action. */
function bdiSetup<TBeliefs extends object, TGoals extends GoalSignatures, TEvent extends Inbound>(
  options: BdiAgentOptions<TBeliefs, TGoals, TEvent>,
  library: PlanLibrary<TBeliefs, TGoals>,
  deliberation: Deliberation<TBeliefs, TGoals>,
) {
  type C = Context<TBeliefs, TGoals>;
  const revise = reviser(options.perceive ?? (() => undefined), deliberation);
  const reports = goalReports(options.onGoalEnd);
  const keepEnded = options.keepEnded ?? 100;
  /**
   * An action that moves the context on by `apply`, sending what it says and reporting ended goals. The
   * decisions only append to `ended`, so what ended is what lies past the old length; trimming to
   * `keepEnded` comes after, so no end goes unreported however many end at once.
   */
  const decide = (apply: (context: C, event: Event) => [C, readonly Outbound[]]) =>
    enqueueActions<C, Event, undefined, Event, never, never, never, never, Outbound>(
      ({ context, event, enqueue }) => {
        const [next, messages] = apply(context, event);
        enqueue.assign(keepLatestEnds(next, keepEnded));
        const ended = next.ended.slice(context.ended.length);
        for (const message of [...messages, ...reports(ended, next.beliefs)]) enqueue.emit(message);
      },
    );
  const update = (apply: (context: C) => C) => decide((context) => [apply(context), []]);
  return setup({
    types: {} as { context: C; events: Event; input: BdiInput<TBeliefs, TGoals>; emitted: Outbound },
    actors: { stepWatch },
    guards: {
      isCommitted: ({ context }) => context.intention.at(-1)?.plan !== undefined,
      needsPlan: ({ context }) =>
        context.intention.length > 0 && context.intention.at(-1)?.plan === undefined,
      hasPursuableDesire: ({ context }) => deliberation.best(context) !== undefined,
      hasApplicablePlan: ({ context }) => deliberation.nextPlan(context) !== undefined,
      mustReconsider: ({ context }) => deliberation.mustReconsider(context),
    },
    actions: {
      perceive: decide((context, event) => revise(context, event as TEvent)),
      noteRevision: raise({ type: 'bdi.revised' }),
      settle: update((context) => deliberation.settle(context)),
      focus: update((context) => deliberation.focus(context)),
      commit: update((context) => deliberation.commit(context)),
      giveUp: update((context) => deliberation.giveUp(context)),
      performStep: decide((context) => {
        const outcome = performStep(context, library);
        return [outcome.context, outcome.send.map(outbound)];
      }),
    },
    delays: { step: options.stepDelay ?? 100 },
  });
}

function initialContext<TBeliefs extends object, TGoals extends GoalSignatures, TEvent extends Inbound>(
  options: BdiAgentOptions<TBeliefs, TGoals, TEvent>,
  deliberation: Deliberation<TBeliefs, TGoals>,
  input: BdiInput<TBeliefs, TGoals>,
): Context<TBeliefs, TGoals> {
  const start: Context<TBeliefs, TGoals> = {
    agent: input.agent,
    beliefs: { ...initialBeliefs(options.beliefs, input.agent), ...input.beliefs },
    desires: [],
    intention: [],
    suspended: [],
    ended: [],
    steps: 0,
    rng: input.agent.seed,
  };
  return deliberation.adopt(start, [...(options.desires ?? []), ...(input.desires ?? [])]);
}

/** A `perceive` with no performatives to perceive would never run: a definition mistake, said at once. */
function checkPerception(options: { readonly perceive?: unknown; readonly perceives?: readonly string[] }) {
  if (options.perceive !== undefined && (options.perceives ?? []).length === 0) {
    throw new AgentDefinitionError(
      'a BDI agent has `perceive` but no `perceives`; list the performatives it should perceive',
    );
  }
}

function buildBdiAgent<TBeliefs extends object, TGoals extends GoalSignatures, TEvent extends Inbound>(
  options: BdiAgentOptions<TBeliefs, TGoals, TEvent>,
) {
  const library = new PlanLibrary(options.goals, options.plans);
  checkPerception(options);
  const deliberation = new Deliberation(library);
  // Keyed by performative at run time; TypeScript cannot check computed keys against the chart's
  // event type, so the (uniform) handlers are asserted.
  const perception = Object.fromEntries(
    (options.perceives ?? []).map((type) => [type, { actions: ['perceive', 'noteRevision'] }]),
  ) as Record<never, never>;

  return bdiSetup(options, library, deliberation).createMachine({
    id: options.id ?? 'bdi-agent',
    context: ({ input }) => initialContext(options, deliberation, input),
    initial: 'deliberating',
    // Perception revises beliefs in every state without leaving it, so a running step keeps its timer.
    on: { ...perception, [BDI_RESUME]: { target: '.deliberating' } },
    states: {
      /** Nothing pursuable: waits for a perception to change that. */
      idle: { on: { 'bdi.revised': { target: 'deliberating' } } },
      /** Settles what beliefs decided (goals achieved or impossible, plans invalid), then picks what to do. */
      deliberating: {
        entry: 'settle',
        always: [
          { guard: 'isCommitted', target: 'executing' },
          { guard: 'needsPlan', target: 'planning' },
          // Focus, then deliberate again: a resumed intention is re-checked before it runs on.
          { guard: 'hasPursuableDesire', target: 'deliberating', reenter: true, actions: 'focus' },
          { target: 'idle' },
        ],
      },
      /** Commits the top goal to its next applicable plan, or drops the goal when none is left. */
      planning: {
        always: [
          { guard: 'hasApplicablePlan', target: 'executing', actions: 'commit' },
          { target: 'deliberating', actions: 'giveUp' },
        ],
      },
      /** Runs one step per `step` delay; a perception that undermines the intention interrupts it. */
      executing: {
        invoke: { id: 'stepWatch', src: 'stepWatch' },
        after: { step: { target: 'deliberating', actions: 'performStep' } },
        on: { 'bdi.revised': { guard: 'mustReconsider', target: 'deliberating' } },
      },
    },
  });
}

/** The machine {@link bdiAgent} builds. */
export type BdiAgentMachine<
  TBeliefs extends object,
  TGoals extends GoalSignatures,
  TEvent extends Inbound,
> = ReturnType<typeof buildBdiAgent<TBeliefs, TGoals, TEvent>>;

/**
 * A BDI agent: beliefs, desires (goals with priorities), intentions (a committed plan, its next step, and
 * subgoals stacked above), and a plan library. Its reasoning cycle is the statechart: `deliberating`
 * settles what the beliefs decided and picks the most important pursuable desire, `planning` commits to
 * the first applicable plan not yet failed, `executing` runs one step per `step` delay, `idle` waits.
 * Messages revise beliefs in every state; the intention is reconsidered when its goal is achieved or
 * impossible, its plan's context stops holding, or a more important desire becomes pursuable. A failed
 * plan gives way to the next applicable one; when none is left the goal is dropped, with the reasons.
 *
 * @example
 * type Goals = { tidy: { room: string } };
 * const cleaner = bdiAgent<{ dirty: string[] }, Goals, Inbound<'inform', { kind: 'mess'; room: string }>>({
 *   beliefs: { dirty: [] },
 *   goals: { tidy: { achieved: (b, { room }) => !b.dirty.includes(room) } },
 *   plans: [{ id: 'vacuum', goal: 'tidy', body: [({ beliefs, args }) =>
 *     ({ beliefs: { dirty: beliefs.dirty.filter((r) => r !== args.room) } })] }],
 *   perceives: ['inform'],
 *   perceive: (m, { beliefs }) => ({ beliefs: { dirty: [...beliefs.dirty, m.content.room] },
 *     adopt: [{ goal: 'tidy', args: { room: m.content.room } }] }),
 * });
 */
export function bdiAgent<
  TBeliefs extends object,
  TGoals extends GoalSignatures,
  TEvent extends Inbound = Inbound,
>(options: BdiAgentOptions<TBeliefs, TGoals, TEvent>): BdiAgentMachine<TBeliefs, TGoals, TEvent> {
  return buildBdiAgent(options);
}
