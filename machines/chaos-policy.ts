import { enqueueActions, setup } from 'xstate';
import {
  CHAOS_COMMAND,
  type ChaosCommand,
  type ChaosCommandEvent,
  type ChaosEvent,
  type ChaosStep,
} from '../src/protocol/supervision-content.js';

export interface ChaosPolicyInput {
  /** The faults, sorted by `at` (ms after chaos is first switched on). */
  readonly steps: readonly ChaosStep[];
}

export interface ChaosPolicyContext {
  readonly steps: readonly ChaosStep[];
  /** The next step to inject. */
  readonly next: number;
  /** Chaos time (ms since it was first switched on, not counting time switched off) of the last step. */
  readonly elapsed: number;
  /** Steps injected and not yet reverted. */
  readonly active: readonly number[];
}

const command = (c: ChaosCommand): ChaosCommandEvent => ({ type: CHAOS_COMMAND, command: c });
const expiryId = (index: number) => `chaos.expire.${index}`;

/**
 * The chaos monkey's schedule as a statechart: switched off, or on and waiting for the next fault. Each
 * fault is injected at its time and reverted after its duration; switching off reverts every active fault,
 * and switching on again continues with the next fault, the full gap before it counted from then. Times are on the system's clock, so the
 * same schedule gives the same faults at the same simulated times.
 *
 * @example
 * const actor = createActor(chaosPolicy, { input: { steps: chaosSchedule({ seed: 7, ... }) }, clock });
 * actor.on('chaos.command', ({ command }) => runner.execute(command));
 * actor.start(); actor.send({ type: 'chaos.enable' });
 */
export const chaosPolicy = setup({
  types: {} as {
    context: ChaosPolicyContext;
    input: ChaosPolicyInput;
    events: ChaosEvent;
    emitted: ChaosCommandEvent;
  },
  guards: {
    stepsLeft: ({ context }) => context.next < context.steps.length,
    lastStep: ({ context }) => context.next >= context.steps.length - 1,
  },
  delays: {
    untilNext: ({ context }) => Math.max(0, (context.steps[context.next]?.at ?? 0) - context.elapsed),
  },
  actions: {
    inject: enqueueActions(({ context, enqueue }) => {
      const step = context.steps[context.next];
      if (step === undefined) return;
      enqueue.assign({ next: context.next + 1, elapsed: step.at, active: [...context.active, step.index] });
      enqueue.emit(command({ kind: 'inject', step }));
      enqueue.raise(
        { type: 'chaos.expire', index: step.index },
        { id: expiryId(step.index), delay: step.durationMs },
      );
    }),
    revert: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'chaos.expire' || !context.active.includes(event.index)) return;
      const step = context.steps.find((s) => s.index === event.index);
      enqueue.assign({ active: context.active.filter((i) => i !== event.index) });
      if (step !== undefined) enqueue.emit(command({ kind: 'revert', step }));
    }),
    revertAll: enqueueActions(({ context, event, enqueue }) => {
      for (const index of context.active) enqueue.cancel(expiryId(index));
      enqueue.assign({ active: [] });
      const reason = event.type === 'chaos.disable' ? event.reason : 'chaos switched off';
      enqueue.emit(command({ kind: 'revert-all', reason }));
    }),
  },
}).createMachine({
  id: 'chaos-policy',
  context: ({ input }) => ({ steps: input.steps, next: 0, elapsed: 0, active: [] }),
  initial: 'off',
  states: {
    /** No fault is active and none will be injected. */
    off: {
      on: {
        'chaos.enable': [{ guard: 'stepsLeft', target: 'on' }, { target: 'exhausted' }],
      },
    },
    /** Injecting faults on schedule. */
    on: {
      initial: 'waiting',
      states: {
        waiting: {
          after: {
            untilNext: [
              { guard: 'lastStep', target: '#chaos-policy.exhausted', actions: 'inject' },
              { target: 'waiting', reenter: true, actions: 'inject' },
            ],
          },
        },
      },
      on: {
        'chaos.expire': { actions: 'revert' },
        'chaos.disable': { target: 'off', actions: 'revertAll' },
      },
    },
    /** Every fault has been injected; active ones still expire on time. */
    exhausted: {
      on: {
        'chaos.expire': { actions: 'revert' },
        'chaos.disable': { target: 'off', actions: 'revertAll' },
      },
    },
  },
});
