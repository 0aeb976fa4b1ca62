import type { Envelope } from '../protocol/envelope.js';
import type { DeadLetterReason } from './dead-letter.js';

/**
 * What an interceptor decides for one envelope on its way in. Nothing can vanish: a drop becomes a dead
 * letter with the interceptor's words (as `dropped`, or the `reason` given), a delay keeps it in flight, a
 * replacement is counted.
 */
export type Verdict =
  | { readonly pass: true }
  | { readonly drop: string; readonly reason?: DeadLetterReason }
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

/** What a mailbox's gate decides for one envelope on its way into that mailbox: pass, drop or hold it. */
export type GateVerdict = Exclude<Verdict, { readonly replace: readonly Envelope[] }>;

/**
 * Sees every envelope routed to one mailbox, after interceptors, whatever its receiver (direct, topic or
 * broadcast). Partitions and throttled inboxes are gates. A delayed envelope skips the gate when it is let in.
 *
 * @example
 * mailbox.gate = (e) => (isPartitioned(e.sender) ? { drop: 'partitioned' } : PASS)
 */
export type Gate = (envelope: Envelope) => GateVerdict;
