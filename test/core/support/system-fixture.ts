import {
  type AgentSystem,
  createSystem,
  type DeadLetter,
  type LifecycleRecord,
  type SystemOptions,
  VirtualClock,
} from './core.js';

/** A system on a virtual clock, with its dead letters and lifecycle events collected as they happen. */
export function systemFixture(options: Partial<SystemOptions> = {}) {
  const clock = new VirtualClock();
  const system: AgentSystem = createSystem({ clock, seed: 1, ...options });
  const deadLetters: DeadLetter[] = [];
  const lifecycle: LifecycleRecord[] = [];
  system.bus.deadLetters$.subscribe((letter) => deadLetters.push(letter));
  system.lifecycle$.subscribe((record) => lifecycle.push(record));
  return { clock, system, deadLetters, lifecycle };
}

/** Settles a promise into a plain outcome, so a rejection is never unhandled while a test drives the clock. */
export function outcomeOf<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> & { settled: () => boolean } {
  let done = false;
  const result = promise.then(
    (value) => {
      done = true;
      return { ok: true as const, value };
    },
    (error: unknown) => {
      done = true;
      return { ok: false as const, error };
    },
  );
  return Object.assign(result, { settled: () => done });
}
