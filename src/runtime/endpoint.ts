import { type Observable, Subject } from 'rxjs';
import type { Bus } from '../bus/bus.js';
import type { Refusal } from '../bus/dead-letter.js';
import { Mailbox } from '../bus/mailbox.js';
import type { Content } from '../protocol/content.js';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import type { Message } from '../protocol/outbound.js';

/**
 * A participant that is not an agent: your application, a test, an operator console. It has an id on the
 * bus like an agent, sends with that id stamped, and sees what it is sent on `inbox$`.
 *
 * @example
 * const me = system.endpoint('app');
 * const answer = await me.request({ performative: 'query-ref', receiver: 'polis.directory', content }, 1000);
 */
export class Endpoint extends Mailbox {
  readonly kind = 'endpoint';
  private readonly inbox = new Subject<Envelope>();
  /** Every envelope delivered to this endpoint. */
  readonly inbox$: Observable<Envelope> = this.inbox.asObservable();

  constructor(
    id: AgentId,
    private readonly bus: Bus,
    private readonly stamp: (sender: AgentId, message: Message) => Envelope,
  ) {
    super(id, Number.POSITIVE_INFINITY);
  }

  deliver(envelope: Envelope): Refusal | undefined {
    this.inbox.next(envelope);
    return undefined;
  }

  /** Sends a message from this endpoint; returns the envelope as published. */
  send<C extends Content>(message: Message<C>): Envelope {
    const envelope = this.stamp(this.id, message);
    this.bus.publish(envelope);
    return envelope;
  }

  /**
   * Sends a message and resolves with the first reply (`inReplyTo` it). Rejects with a typed error if no
   * reply comes within `timeoutMs` of the system's clock, or at once if the message cannot be delivered.
   */
  request<C extends Content>(message: Message<C>, timeoutMs: number): Promise<Envelope> {
    return this.bus.request(this.stamp(this.id, message), timeoutMs);
  }

  /** Leaves the bus; envelopes still queued for it are dead-lettered. */
  close(): void {
    this.closed = { reason: 'receiver-stopped', detail: `endpoint '${this.id}' was closed` };
    this.bus.unregister(this.id);
    this.inbox.complete();
  }
}
