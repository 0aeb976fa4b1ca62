import type { Clock } from '../bus/clock.js';

/**
 * Wall-clock time for live systems. The one place in the runtime that reads the system time; everything
 * else takes a {@link Clock}.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
