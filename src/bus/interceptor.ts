import type { Envelope } from '../protocol/envelope.js';

/**
 * What an interceptor decides for one envelope on its way in. Nothing can vanish: a drop becomes a dead
 * letter with the interceptor's words, a delay keeps it in flight, a replacement is counted.
 */
export type Verdict =
  | { readonly pass: true }
  | { readonly drop: string }
  | { readonly delay: number }
  | { readonly replace: readonly Envelope[] };

export const PASS: Verdict = { pass: true };

/**
 * Sees every envelope published, in the order interceptors were added, before routing. Chaos faults,
 * partitions and throttles are interceptors.
 *
 * @example
 * bus.intercept((e) => (e.receiver === 'victim' ? { drop: 'partitioned' } : PASS))
 */
export type Interceptor = (envelope: Envelope) => Verdict;
