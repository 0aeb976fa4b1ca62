import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';

/** Every reason an envelope can fail to reach a recipient. Nothing leaves the bus without one of these. */
export type DeadLetterReason =
  | 'expired'
  | 'unknown-receiver'
  | 'no-subscribers'
  | 'inbox-full'
  | 'receiver-stopped'
  | 'receiver-failed'
  | 'not-understood'
  | 'unhandled'
  | 'circuit-open'
  | 'halted'
  | 'system-stopped'
  | 'dropped'
  | 'invalid'
  | 'duplicate'
  | 'transport-failed';

/** An envelope that was not delivered, to whom, why in words, and when. */
export interface DeadLetter {
  readonly envelope: Envelope;
  /** The intended recipient, when the envelope got as far as choosing one. */
  readonly recipient?: AgentId;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly at: number;
}

/** Why a mailbox did not take an envelope. */
export interface Refusal {
  readonly reason: DeadLetterReason;
  readonly detail: string;
}
