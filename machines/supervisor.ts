import { assign, enqueueActions, setup } from 'xstate';
import { nextRandom } from '../src/protocol/random.js';
import {
  type ChildSpec,
  type RestartCommand,
  SUPERVISOR_COMMAND,
  type SupervisorCommand,
  type SupervisorCommandEvent,
  type SupervisorEvent,
  type SupervisorSettings,
} from '../src/protocol/supervision-content.js';
import {
  backoffDelay,
  exceedsIntensity,
  restartPlan,
  restartsWithin,
  shouldRestart,
} from './restart-strategy.js';

/** A restart being prepared: the children that failed, why, and the wait drawn for it. */
export interface PendingRestart {
  readonly failed: readonly string[];
  readonly reasons: readonly string[];
  readonly attempt: number;
  readonly delayMs: number;
}

export interface SupervisorContext {
  readonly settings: SupervisorSettings;
  /** When the restarts that still count for the intensity happened. */
  readonly restarts: readonly number[];
  readonly pending: PendingRestart | undefined;
  readonly rng: number;
  readonly totalRestarts: number;
  /** The last decision, in words. */
  readonly lastDecision: string | undefined;
  /** The tripwire that halted the system, while halted. */
  readonly haltedBy: string | undefined;
}

type ExitEvent = Extract<SupervisorEvent, { type: 'child.exited' }>;
type FailedRestartEvent = Extract<SupervisorEvent, { type: 'restart.failed' }>;

const command = (c: SupervisorCommand): SupervisorCommandEvent => ({ type: SUPERVISOR_COMMAND, command: c });

function childOf(context: SupervisorContext, id: string): ChildSpec | undefined {
  return context.settings.children.find((child) => child.id === id);
}

function describeExit(event: ExitEvent | FailedRestartEvent): string {
  if (event.type === 'restart.failed') return `'${event.child}' could not be restarted (${event.detail})`;
  const verb = { failed: 'failed', stopped: 'stopped', escalated: 'gave up' }[event.cause];
  return `'${event.child}' ${verb} (${event.detail})`;
}

/**
 * The restart command for the pending restart, if one is pending.
 *
 * @example
 * restartCommandOf(actor.getSnapshot().context)?.start // the children it would start
 */
export function restartCommandOf(context: SupervisorContext): RestartCommand | undefined {
  const pending = context.pending;
  if (pending === undefined) return undefined;
  const { id, strategy, children } = context.settings;
  const plan = restartPlan(strategy, children, pending.failed);
  return {
    kind: 'restart',
    supervisor: id,
    strategy,
    failed: pending.failed,
    stop: plan.stop,
    start: plan.start,
    attempt: pending.attempt,
    delayMs: pending.delayMs,
    reason: `${strategy}: ${pending.reasons.join('; ')}; restart ${pending.attempt} within ${context.settings.intensity.withinMs} ms`,
  };
}

/**
 * A supervisor: watches a declared group of children (agents or other supervisors), and when one ends
 * restarts the right ones (one-for-one, one-for-all, rest-for-one) after an exponential, jittered backoff,
 * fresh or from a snapshot. More than `maxRestarts` restarts within `withinMs` and it gives up: it stops its
 * children and escalates to its parent, or, at the top of the tree, asks for an emergency shutdown.
 *
 * The machine decides; it never acts. It receives lifecycle facts and acknowledgements as events (with the
 * time they happened) and emits `supervisor.command` events that an adapter carries out on a system.
 *
 * @example
 * const actor = createActor(supervisor, { input: settings });
 * actor.on('supervisor.command', ({ command }) => adapter.execute(command));
 * actor.start();
 * actor.send({ type: 'child.exited', child: 'worker-1', cause: 'failed', detail: 'Error: boom', at: 0 });
 */
export const supervisor = setup({
  types: {} as {
    context: SupervisorContext;
    input: SupervisorSettings;
    events: SupervisorEvent;
    emitted: SupervisorCommandEvent;
  },
  guards: {
    /** The child is unknown, temporary, or transient and ended normally: nothing to restart. */
    notRestartable: ({ context, event }) => {
      if (event.type !== 'child.exited') return false;
      const child = childOf(context, event.child);
      return child === undefined || !shouldRestart(child, event.cause);
    },
    /** One more restart would break the intensity. */
    overIntensity: ({ context, event }) => {
      if (event.type !== 'child.exited' && event.type !== 'restart.failed') return false;
      // A failed restart counts as made; a child already waiting for the pending restart adds none.
      const pending = context.pending?.failed ?? [];
      const waiting = event.type === 'child.exited' && pending.includes(event.child);
      const planned = waiting ? pending.length - 1 : pending.length;
      return exceedsIntensity(context.restarts, planned, event.at, context.settings.intensity);
    },
  },
  delays: {
    backoff: ({ context }) => context.pending?.delayMs ?? 0,
  },
  actions: {
    noteIgnored: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'child.exited') return;
      const known = childOf(context, event.child);
      const reason =
        known === undefined
          ? `'${event.child}' is not supervised here`
          : `${describeExit(event)}; ${known.restart} children are not restarted after that`;
      enqueue.assign({ lastDecision: reason });
      enqueue.emit(command({ kind: 'ignore', supervisor: context.settings.id, child: event.child, reason }));
    }),
    planRestart: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'child.exited' && event.type !== 'restart.failed') return;
      const attempt =
        restartsWithin(context.restarts, event.at, context.settings.intensity.withinMs).length + 1;
      const [u, rng] = nextRandom(context.rng);
      const delayMs = backoffDelay(context.settings.backoff, attempt, u);
      const pending: PendingRestart = {
        failed: [event.child],
        reasons: [describeExit(event)],
        attempt,
        delayMs,
      };
      const reason = `${describeExit(event)}; restart ${attempt} in ${delayMs} ms (${context.settings.strategy})`;
      enqueue.assign({ pending, rng, lastDecision: reason });
      enqueue.emit(
        command({
          kind: 'backoff',
          supervisor: context.settings.id,
          children: restartPlan(
            context.settings.strategy,
            context.settings.children,
            pending.failed,
          ).start.map((c) => c.id),
          attempt,
          delayMs,
          reason,
        }),
      );
    }),
    joinPending: assign({
      pending: ({ context, event }) => {
        const pending = context.pending;
        if (pending === undefined || event.type !== 'child.exited') return pending;
        if (pending.failed.includes(event.child)) return pending;
        return {
          ...pending,
          failed: [...pending.failed, event.child],
          reasons: [...pending.reasons, describeExit(event)],
        };
      },
    }),
    emitRestart: enqueueActions(({ context, enqueue }) => {
      const restart = restartCommandOf(context);
      if (restart === undefined) return;
      enqueue.assign({ lastDecision: restart.reason });
      enqueue.emit(command(restart));
    }),
    recordRestart: assign(({ context, event }) => {
      const at = 'at' in event ? event.at : 0;
      const count = context.pending?.failed.length ?? 1;
      const log = restartsWithin(context.restarts, at, context.settings.intensity.withinMs);
      for (let i = 0; i < count; i++) log.push(at);
      return { restarts: log, totalRestarts: context.totalRestarts + count, pending: undefined };
    }),
    giveUp: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'child.exited' && event.type !== 'restart.failed') return;
      const { id, intensity, parent, children } = context.settings;
      const counted = restartsWithin(context.restarts, event.at, intensity.withinMs).length;
      const reason = `${describeExit(event)}; ${counted} restarts within ${intensity.withinMs} ms already (at most ${intensity.maxRestarts}): giving up${parent === undefined ? '; this is the top of the tree' : `, escalating to '${parent}'`}`;
      enqueue.assign({ pending: undefined, lastDecision: reason });
      enqueue.emit(
        command({
          kind: 'give-up',
          supervisor: id,
          stop: children.map((c) => c.id).reverse(),
          ...(parent === undefined ? {} : { parent }),
          restarts: counted,
          withinMs: intensity.withinMs,
          reason,
        }),
      );
    }),
    forget: assign({ restarts: [], pending: undefined, haltedBy: undefined }),
    noteStopped: assign({
      pending: undefined,
      lastDecision: ({ event }) =>
        event.type === 'supervisor.stop' ? `stopped by its parent: ${event.reason}` : undefined,
    }),
    noteHalted: assign({
      pending: undefined,
      haltedBy: ({ event }) => (event.type === 'system.halted' ? event.tripwire : undefined),
      lastDecision: ({ event }) =>
        event.type === 'system.halted' ? `the system halted (tripwire '${event.tripwire}')` : undefined,
    }),
    noteResumed: assign({
      lastDecision: ({ event }) => (event.type === 'system.resumed' ? `resumed: ${event.reason}` : undefined),
    }),
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({
    settings: input,
    restarts: [],
    pending: undefined,
    rng: input.seed >>> 0,
    totalRestarts: 0,
    lastDecision: undefined,
    haltedBy: undefined,
  }),
  initial: 'supervising',
  on: {
    'system.halted': { target: '.halted', actions: 'noteHalted' },
  },
  states: {
    /** Every child is running (or was not to be restarted); waiting for one to end. */
    supervising: {
      on: {
        'child.exited': [
          { guard: 'notRestartable', actions: 'noteIgnored' },
          { guard: 'overIntensity', target: 'gaveUp', actions: 'giveUp' },
          { target: 'backingOff', actions: 'planRestart' },
        ],
        'supervisor.stop': { target: 'stopped', actions: 'noteStopped' },
        'supervisor.reset': { actions: 'forget' },
      },
    },
    /** Waiting out the backoff; more children that end meanwhile join the same restart. */
    backingOff: {
      after: { backoff: 'restarting' },
      on: {
        'child.exited': [
          { guard: 'notRestartable', actions: 'noteIgnored' },
          { guard: 'overIntensity', target: 'gaveUp', actions: 'giveUp' },
          { actions: 'joinPending' },
        ],
        'supervisor.stop': { target: 'stopped', actions: 'noteStopped' },
        'supervisor.reset': { target: 'supervising', actions: 'forget' },
      },
    },
    /** The restart command is out; waiting for the adapter to confirm it. */
    restarting: {
      entry: 'emitRestart',
      on: {
        'restart.done': { target: 'supervising', actions: 'recordRestart' },
        'restart.failed': [
          { guard: 'overIntensity', target: 'gaveUp', actions: ['recordRestart', 'giveUp'] },
          { target: 'backingOff', actions: ['recordRestart', 'planRestart'] },
        ],
        'child.exited': [
          { guard: 'notRestartable', actions: 'noteIgnored' },
          { guard: 'overIntensity', target: 'gaveUp', actions: 'giveUp' },
          { target: 'backingOff', actions: 'planRestart' },
        ],
        'supervisor.stop': { target: 'stopped', actions: 'noteStopped' },
      },
    },
    /** Restart intensity exceeded: children stopped, escalated; waiting for the parent to restart this supervisor. */
    gaveUp: {
      on: { 'supervisor.reset': { target: 'supervising', actions: 'forget' }, 'supervisor.stop': 'stopped' },
    },
    /** Stopped by the parent (part of its own restart); a reset starts it again. */
    stopped: {
      on: { 'supervisor.reset': { target: 'supervising', actions: 'forget' } },
    },
    /** Emergency shutdown: nothing is restarted. Only the operator's resume leaves this state. */
    halted: {
      on: {
        'system.resumed': { target: 'supervising', actions: ['forget', 'noteResumed'] },
      },
    },
  },
});

export type SupervisorMachine = typeof supervisor;
