import { type CallbackActorLogic, type EventObject, fromCallback, type Snapshot } from 'xstate';

/** The event that puts a BDI agent back into its reasoning cycle. */
export const BDI_RESUME = 'bdi.resume';

/** What a step watch starts with: `restored` when XState brought it back from a persisted snapshot. */
type WatchInput = { readonly restored: true } | undefined;

const watch = fromCallback<EventObject, WatchInput>(({ input, sendBack }) => {
  if (input?.restored === true) sendBack({ type: BDI_RESUME });
});

/**
 * Re-arms an executing agent restored from a persisted snapshot. XState does not persist pending `after`
 * delays (statelyai/xstate#5331), so a restored agent would wait for its next step forever. This actor is
 * invoked while executing. A watch started by entering `executing` does nothing: the step delay was
 * scheduled on entry. A watch that XState restores with its agent goes through `restoreSnapshot` (public
 * `ActorLogic` API), which marks it restored; started again, it asks for `bdi.resume`, which re-enters
 * the cycle at the same step with a full step delay. Should XState one day restore delays, re-entering
 * cancels the restored one, so no step runs twice.
 *
 * @example
 * setup({ actors: { stepWatch } }).createMachine({ states: { executing: { invoke: { src: 'stepWatch' } } } })
 */
export const stepWatch: CallbackActorLogic<EventObject, WatchInput> = {
  ...watch,
  // What was persisted is the snapshot of a callback actor, whose output is always undefined.
  restoreSnapshot: (persisted) => ({ ...(persisted as Snapshot<undefined>), input: { restored: true } }),
};
