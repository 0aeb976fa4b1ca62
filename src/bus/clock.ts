/**
 * Time as the bus and the runtime see it. It matches XState's `Clock` plus `now()`, so the same object
 * drives `after` delays inside machines and deadlines on the bus. Implementations live in the runtime:
 * a virtual clock for tests and seeded runs, the real clock for live systems.
 */
export interface Clock {
  /** The current time in ms. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
