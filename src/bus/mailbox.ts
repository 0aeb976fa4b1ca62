import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import type { Refusal } from './dead-letter.js';
import type { Gate } from './interceptor.js';

/** Who sits behind a mailbox. Broadcasts reach agents only, not services or external endpoints. */
export type MailboxKind = 'agent' | 'service' | 'endpoint';

/**
 * Where the bus puts envelopes for one recipient. The bus keeps `depth`; the owner sets `closed` when the
 * recipient stops, fails or has its circuit opened, and every envelope that reaches a closed mailbox is
 * dead-lettered with that refusal.
 */
export abstract class Mailbox {
  /** Envelopes queued for this mailbox and not yet handed over. */
  depth = 0;
  closed: Refusal | undefined = undefined;
  /** Decides, per envelope routed here, to pass, drop or hold it (partitions, throttles). None by default. */
  gate: Gate | undefined = undefined;

  /** Who sits behind it; a getter in each subclass, so it costs no field in 100,000 agents. */
  abstract readonly kind: MailboxKind;

  constructor(
    readonly id: AgentId,
    readonly capacity: number,
  ) {}

  /**
   * Takes one envelope. Returns `undefined` when it was consumed, or why it was not. A mailbox that refuses
   * a unicast envelope as `not-understood` must answer its sender with a `not-understood` reply (FIPA), as
   * the runtime's agents and services do: a request waiting on it resolves with that reply.
   */
  abstract deliver(envelope: Envelope): Refusal | undefined;
}
