import type {
  Backoff,
  ChildSpec,
  ExitCause,
  RestartIntensity,
  SupervisionStrategy,
} from '../src/protocol/supervision-content.js';

/** Which children a restart stops (newest first) and starts again (in declared order). */
export interface RestartPlan {
  readonly stop: readonly string[];
  readonly start: readonly ChildSpec[];
}

/**
 * The children `strategy` restarts after `failed` ended, as Erlang/OTP does it: one-for-one restarts the
 * failed ones; one-for-all stops every child and starts them all again; rest-for-one stops the first failed
 * child and every child declared after it, then starts them again. Children are stopped newest first and
 * started in declared order; a `temporary` child is stopped but never started again.
 *
 * @example
 * restartPlan('rest-for-one', [a, b, c], ['b']) // { stop: ['c', 'b'], start: [b, c] }
 */
export function restartPlan(
  strategy: SupervisionStrategy,
  children: readonly ChildSpec[],
  failed: readonly string[],
): RestartPlan {
  const failedSet = new Set(failed);
  let affected: readonly ChildSpec[];
  switch (strategy) {
    case 'one-for-one':
      affected = children.filter((child) => failedSet.has(child.id));
      break;
    case 'one-for-all':
      affected = children;
      break;
    case 'rest-for-one': {
      const first = children.findIndex((child) => failedSet.has(child.id));
      affected = first < 0 ? [] : children.slice(first);
      break;
    }
  }
  return {
    stop: affected.map((child) => child.id).reverse(),
    start: affected.filter((child) => child.restart !== 'temporary'),
  };
}

/**
 * True when a child that ended with `cause` is to be restarted: a permanent child always, a transient one
 * only when it failed (or, being a supervisor, gave up), a temporary one never.
 *
 * @example
 * shouldRestart({ id: 'w', type: 'agent', restart: 'transient', from: 'fresh' }, 'stopped') // false
 */
export function shouldRestart(child: ChildSpec, cause: ExitCause): boolean {
  switch (child.restart) {
    case 'permanent':
      return true;
    case 'transient':
      return cause !== 'stopped';
    case 'temporary':
      return false;
  }
}

/**
 * The restarts in `log` that still count at time `now`: those less than `withinMs` ago.
 *
 * @example
 * restartsWithin([0, 500, 900], 1000, 1000) // [500, 900]
 */
export function restartsWithin(log: readonly number[], now: number, withinMs: number): number[] {
  return log.filter((at) => now - at < withinMs);
}

/**
 * True when one more restart at `now`, on top of `log` and `pending` planned ones, would exceed the
 * intensity: more than `maxRestarts` within `withinMs`.
 *
 * @example
 * exceedsIntensity([0, 10, 20], 0, 30, { maxRestarts: 3, withinMs: 1000 }) // true: it would be the 4th
 */
export function exceedsIntensity(
  log: readonly number[],
  pending: number,
  now: number,
  intensity: RestartIntensity,
): boolean {
  return restartsWithin(log, now, intensity.withinMs).length + pending + 1 > intensity.maxRestarts;
}

/**
 * The undisturbed wait before restart number `attempt` (1-based): `initialMs · factor^(attempt−1)`, capped at `maxMs`.
 *
 * @example
 * baseBackoff({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 }, 3) // 400
 */
export function baseBackoff(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1));
}

/**
 * The jittered wait before restart number `attempt`, given a uniform draw `u` in [0, 1): the base wait
 * shortened by up to `jitter` of itself, rounded to whole ms. It lies in
 * `[round(base · (1 − jitter)), base]`.
 *
 * @example
 * backoffDelay({ initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.5 }, 2, 0.5) // 150
 */
export function backoffDelay(backoff: Backoff, attempt: number, u: number): number {
  const base = baseBackoff(backoff, attempt);
  return Math.round(base * (1 - backoff.jitter * u));
}
