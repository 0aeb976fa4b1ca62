import { type Envelope, Mailbox, type MailboxKind, type Refusal } from './core.js';

/** A mailbox that keeps what it is given, for tests of the bus without a runtime. */
export class RecordingMailbox extends Mailbox {
  readonly received: Envelope[] = [];

  constructor(
    id: string,
    readonly kind: MailboxKind = 'agent',
    capacity = Number.POSITIVE_INFINITY,
    private readonly onDeliver?: (envelope: Envelope) => void,
  ) {
    super(id, capacity);
  }

  deliver(envelope: Envelope): Refusal | undefined {
    this.received.push(envelope);
    this.onDeliver?.(envelope);
    return undefined;
  }

  /** The ids of the envelopes received, in order. */
  get ids(): string[] {
    return this.received.map((e) => e.id);
  }
}
