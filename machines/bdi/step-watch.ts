import { fromCallback } from 'xstate';

/** The event that puts a BDI agent back into its reasoning cycle. */
export const BDI_RESUME = 'bdi.resume';

/**
 * Re-arms an executing agent restored from a persisted snapshot. XState does not persist pending `after`
 * delays (statelyai/xstate#5331), so a restored agent would wait for its next step forever. This actor is
 * invoked while executing and, because invoked actors are restarted on restore, it runs again then: if its
 * actor system holds no pending delay, the step timer was lost, and it asks for `bdi.resume`, which
 * re-enters the cycle at the same step. On a fresh entry the step delay is already scheduled (XState
 * schedules entry delays before it starts invoked actors), so it does nothing.
 *
 * @example
 * setup({ actors: { stepWatch } }).createMachine({ states: { executing: { invoke: { src: 'stepWatch' } } } })
 */
export const stepWatch = fromCallback(({ system, sendBack }) => {
  // Each agent is its own root, so its system's scheduled events are its own delays.
  const pending = Object.values(system.getSnapshot()._scheduledEvents);
  if (!pending.some((scheduled) => scheduled.event.type.startsWith('xstate.after.'))) {
    sendBack({ type: BDI_RESUME });
  }
});
