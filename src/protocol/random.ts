/**
 * A seeded pseudo-random generator (SplitMix32) whose whole state is one 32-bit integer, so a machine can
 * keep it in its context, persist it, and draw the same numbers after a restore. The same seed always
 * gives the same sequence, on every platform.
 */

/**
 * Turns strings and numbers into a 32-bit seed: FNV-1a over their text, as if joined, without building the
 * joined string (spawning 100,000 agents makes 100,000 of them).
 *
 * @example
 * seedFrom(42, '/agent:', 'bidder-1') === seedFrom('42/agent:bidder-1'); // true
 */
export function seedFrom(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'string' ? part : String(part);
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

/**
 * One draw: a number in [0, 1) and the next state.
 *
 * @example
 * const [x, state] = nextRandom(context.rng); return { rng: state, roll: x };
 */
export function nextRandom(state: number): [value: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [(z >>> 0) / 4294967296, next >>> 0];
}

/** A mutable view over {@link nextRandom} for code that owns its generator (the runtime, scenarios). */
export interface Rng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose stream depends only on this one's seed and `label`, not on draws made so far. */
  fork(label: string | number): Rng;
  /** The seed this generator started from. */
  readonly seed: number;
}

/**
 * A generator from a seed.
 *
 * @example
 * const rng = createRng(42); rng.int(6) // same on every run
 */
export function createRng(seed: string | number): Rng {
  const start = typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : seedFrom(seed);
  let state = start;
  const rng: Rng = {
    seed: start,
    next() {
      const [value, next] = nextRandom(state);
      state = next;
      return value;
    },
    int: (n) => Math.floor(rng.next() * n),
    between: (min, max) => min + rng.next() * (max - min),
    pick: (items) => items[Math.floor(rng.next() * items.length)]!,
    fork: (label) => createRng(seedFrom(`${start}/${label}`)),
  };
  return rng;
}
