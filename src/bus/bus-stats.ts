import type { DeadLetterReason } from './dead-letter.js';

/**
 * The bus's counters. A *message* is one envelope on its way to one recipient: a broadcast reaching five
 * agents is one envelope and five messages. The conservation law holds at every instant:
 * `published = delivered + deadLettered + inFlight`.
 */
export interface BusStats {
  /** Envelopes handed to `publish` (and copies made by interceptors). */
  readonly envelopes: number;
  /** Messages: envelope × recipient. */
  readonly published: number;
  /** Handed to a recipient, or to the transport for another node (`forwarded` counts those). */
  readonly delivered: number;
  readonly forwarded: number;
  readonly deadLettered: number;
  /** `queued + held + forwarding`, each counted where it sits, not derived from the other counters. */
  readonly inFlight: number;
  readonly queued: number;
  /** Held back by interceptors (delays, throttles). */
  readonly held: number;
  /** Given to the transport, not yet acknowledged. */
  readonly forwarding: number;
  readonly deadLettersByReason: Readonly<Partial<Record<DeadLetterReason, number>>>;
}

/** True when every published message is delivered, dead-lettered or still in flight. */
export function conservationHolds(stats: BusStats): boolean {
  return stats.published === stats.delivered + stats.deadLettered + stats.inFlight;
}
