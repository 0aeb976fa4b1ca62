import { nextRandom } from '../src/protocol/random.js';

/** Draws a number in [0, 1) from the agent's own seeded stream. */
export type Random = () => number;

/**
 * Runs `use` with a `random()` that draws from `state`, and returns its result with the state after the
 * draws, so user code gets a plain function while the machine keeps its generator in context.
 *
 * @example
 * const [roll, rng] = withDraws(context.rng, (random) => random() < 0.5);
 */
export function withDraws<T>(state: number, use: (random: Random) => T): [result: T, next: number] {
  let current = state;
  const random: Random = () => {
    const [value, next] = nextRandom(current);
    current = next;
    return value;
  };
  const result = use(random);
  return [result, current];
}
