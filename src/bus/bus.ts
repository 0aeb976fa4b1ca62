import { type Observable, Subject } from 'rxjs';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import { BROADCAST } from '../protocol/receiver.js';
import type { BusStats } from './bus-stats.js';
import type { Clock } from './clock.js';
import type { DeadLetter, DeadLetterReason, Refusal } from './dead-letter.js';
import { DeliveryQueue } from './delivery-queue.js';
import type { GateVerdict, Interceptor, Verdict } from './interceptor.js';
import type { Mailbox } from './mailbox.js';
import { RequestTimeoutError, RequestUndeliverableError } from './request-errors.js';
import type { Transport, TransportLink } from './transport.js';

export interface BusOptions {
  readonly clock: Clock;
  /** Deliveries made in one synchronous slice before the bus yields to the clock, so a loop between agents cannot hang the process. */
  readonly sliceSize?: number;
  /** This node's name on a transport. */
  readonly nodeId?: string;
}

/** One envelope handed to one recipient. */
export interface Delivery {
  readonly envelope: Envelope;
  readonly recipient: AgentId;
}

interface PendingRequest {
  readonly resolve: (reply: Envelope) => void;
  readonly reject: (error: Error) => void;
  readonly timer: unknown;
}

const isTopic = (receiver: string): boolean => receiver.charCodeAt(0) === 35; /* # */

/** True for a topic or broadcast receiver: one envelope, any number of recipients. */
const fansOut = (receiver: string): boolean => receiver === BROADCAST || isTopic(receiver);

/**
 * Whether a reply to a request can still come after `letter`. A unicast refused as `not-understood` is
 * answered `not-understood` by its receiver (FIPA: that is an answer); a topic or broadcast request that
 * lost one copy (`partial`) may still be answered through another.
 */
function replyMayFollow(letter: DeadLetter, partial: boolean): boolean {
  const { envelope } = letter;
  if (fansOut(envelope.receiver)) return partial;
  return letter.reason === 'not-understood' && envelope.performative !== 'not-understood';
}

/**
 * The message fabric: routes envelopes to mailboxes, topics or everyone, in priority order, through a
 * trampolined queue (no nested delivery, so chains of any length never grow the stack). Every message is
 * delivered, dead-lettered with a reason, or still in flight.
 *
 * @example
 * const bus = new Bus({ clock });
 * bus.deadLetters$.subscribe((d) => console.warn(d.reason, d.detail));
 * bus.publish(envelope);
 */
export class Bus {
  private readonly clock: Clock;
  private readonly sliceSize: number;
  readonly nodeId: string;
  private readonly boxes = new Map<AgentId, Mailbox>();
  private readonly topics = new Map<string, Mailbox[]>();
  private readonly queue = new DeliveryQueue();
  private readonly interceptors: Interceptor[] = [];
  private readonly pending = new Map<string, PendingRequest>();
  private readonly publishedSubject = new Subject<Envelope>();
  private readonly deliveredSubject = new Subject<Delivery>();
  private readonly deadLetterSubject = new Subject<DeadLetter>();
  private readonly byReason: Partial<Record<DeadLetterReason, number>> = {};
  private link: TransportLink | undefined;
  private sealedBecause: string | undefined;
  private sealedAs: DeadLetterReason = 'halted';
  private draining = false;
  private drainScheduled = false;
  private batchDepth = 0;
  private envelopeCount = 0;
  private publishedCount = 0;
  private deliveredCount = 0;
  private forwardedCount = 0;
  private deadLetteredCount = 0;
  private heldCount = 0;
  private forwardingCount = 0;

  /** Every envelope published, before routing. */
  readonly published$: Observable<Envelope> = this.publishedSubject.asObservable();
  /** Every message handed to a recipient. */
  readonly delivered$: Observable<Delivery> = this.deliveredSubject.asObservable();
  /** Every message that could not be delivered, with the reason. */
  readonly deadLetters$: Observable<DeadLetter> = this.deadLetterSubject.asObservable();

  constructor(options: BusOptions) {
    this.clock = options.clock;
    this.sliceSize = options.sliceSize ?? 10_000;
    this.nodeId = options.nodeId ?? 'local';
  }

  /** Adds a mailbox; its id must be free (the runtime checks first and reports a clear error). */
  register(mailbox: Mailbox): void {
    if (this.boxes.has(mailbox.id)) throw new Error(`mailbox '${mailbox.id}' is registered already`);
    this.boxes.set(mailbox.id, mailbox);
  }

  /** Removes a mailbox and its subscriptions. Envelopes still queued for it meet its `closed` refusal. */
  unregister(id: AgentId): void {
    const mailbox = this.boxes.get(id);
    if (mailbox === undefined) return;
    this.boxes.delete(id);
    for (const key of [...this.topics.keys()]) this.dropSubscriber(key, mailbox);
  }

  mailbox(id: AgentId): Mailbox | undefined {
    return this.boxes.get(id);
  }

  /** Every registered mailbox, in the order they were registered. */
  mailboxes(): IterableIterator<Mailbox> {
    return this.boxes.values();
  }

  /** Subscribes a registered mailbox to a topic (by name, without `#`). */
  subscribe(topicName: string, id: AgentId): void {
    const mailbox = this.boxes.get(id);
    if (mailbox === undefined) return;
    const key = `#${topicName}`;
    const subscribers = this.topics.get(key) ?? [];
    if (!subscribers.includes(mailbox)) subscribers.push(mailbox);
    this.topics.set(key, subscribers);
  }

  unsubscribe(topicName: string, id: AgentId): void {
    const mailbox = this.boxes.get(id);
    if (mailbox !== undefined) this.dropSubscriber(`#${topicName}`, mailbox);
  }

  /** True when some mailbox here subscribes to the topic. */
  hasSubscribers(topicName: string): boolean {
    return this.topics.size > 0 && (this.topics.get(`#${topicName}`)?.length ?? 0) > 0;
  }

  /** Publishes a complete envelope. Never throws: what cannot be delivered becomes a dead letter. */
  publish(envelope: Envelope): void {
    this.accept(envelope, false);
  }

  /** Publishes an envelope that arrived from another node: delivered here only, never forwarded back. */
  receive(envelope: Envelope): void {
    this.accept(envelope, true);
  }

  /**
   * Publishes a request and resolves with the first envelope delivered `inReplyTo` it: a `not-understood`
   * reply is an answer too. Rejects with {@link RequestTimeoutError} after `timeoutMs` of the bus's clock,
   * or with {@link RequestUndeliverableError} at once when no reply can come: a unicast request
   * dead-lettered for any reason but `not-understood`, or a topic or broadcast request dead-lettered as a
   * whole (no subscribers, sealed, dropped). The sender must be a mailbox that accepts the reply.
   *
   * @example
   * const answer = await bus.request(envelope, 1000);
   */
  request(envelope: Envelope, timeoutMs: number): Promise<Envelope> {
    return new Promise<Envelope>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.pending.delete(envelope.id)) reject(new RequestTimeoutError(envelope, timeoutMs));
      }, timeoutMs);
      this.pending.set(envelope.id, { resolve, reject, timer });
      this.publish(envelope);
    });
  }

  /**
   * Runs `fn` with delivery deferred until it returns, then delivers. The runtime wraps timer callbacks and
   * actor starts in it, so an agent never receives an envelope while it is still processing another event.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      this.kick();
    }
  }

  /** Adds an interceptor that sees every envelope before routing; returns a function that removes it. */
  intercept(interceptor: Interceptor): () => void {
    this.interceptors.push(interceptor);
    return () => {
      const at = this.interceptors.indexOf(interceptor);
      if (at >= 0) this.interceptors.splice(at, 1);
    };
  }

  /**
   * Seals the bus: every queued message is dead-lettered as `halted` at once and nothing published later is
   * delivered until {@link unseal}.
   */
  seal(reason: string, as: DeadLetterReason = 'halted'): void {
    this.sealedBecause = reason;
    this.sealedAs = as;
    this.queue.clear((envelope, mailbox) => this.deadLetter(envelope, as, reason, mailbox.id));
  }

  unseal(): void {
    this.sealedBecause = undefined;
  }

  get sealed(): boolean {
    return this.sealedBecause !== undefined;
  }

  /** Dead-letters every queued message with `reason` (used when a system stops without draining). */
  discardQueued(reason: DeadLetterReason, detail: string): void {
    this.queue.clear((envelope, mailbox) => this.deadLetter(envelope, reason, detail, mailbox.id));
  }

  /** Connects a transport; from now on envelopes for agents not hosted here go to it. */
  connect(transport: Transport): TransportLink {
    const link = transport.attach({
      nodeId: this.nodeId,
      accepts: (receiver) =>
        receiver === BROADCAST || (isTopic(receiver) ? this.topics.has(receiver) : this.boxes.has(receiver)),
      receive: (envelope) => this.receive(envelope),
    });
    this.link = link;
    return link;
  }

  /** Delivers everything queued now, in slices; a slice that fills up schedules the rest on the clock. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let steps = 0;
      while (this.queue.shift(this.deliverOne)) {
        if (++steps >= this.sliceSize && this.queue.size > 0) {
          this.scheduleDrain();
          break;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** True when nothing is queued, held or being forwarded. */
  get idle(): boolean {
    return this.queue.size === 0 && this.heldCount === 0 && this.forwardingCount === 0;
  }

  stats(): BusStats {
    const queued = this.queue.size;
    return {
      envelopes: this.envelopeCount,
      published: this.publishedCount,
      delivered: this.deliveredCount,
      forwarded: this.forwardedCount,
      deadLettered: this.deadLetteredCount,
      inFlight: queued + this.heldCount + this.forwardingCount,
      queued,
      held: this.heldCount,
      forwarding: this.forwardingCount,
      deadLettersByReason: { ...this.byReason },
    };
  }

  private accept(envelope: Envelope, localOnly: boolean): void {
    this.envelopeCount++;
    this.publishedCount++;
    if (this.publishedSubject.observed) this.publishedSubject.next(envelope);
    if (this.sealedBecause !== undefined) {
      this.deadLetter(envelope, this.sealedAs, this.sealedBecause);
    } else if (envelope.expiresAt !== undefined && this.clock.now() >= envelope.expiresAt) {
      this.deadLetter(envelope, 'expired', `expired at ${envelope.expiresAt}, before it was sent`);
    } else if (this.interceptors.length > 0) {
      this.passInterceptors(envelope, 0, localOnly);
    } else {
      this.route(envelope, localOnly);
    }
    this.kick();
  }

  private passInterceptors(envelope: Envelope, from: number, localOnly: boolean): void {
    for (let i = from; i < this.interceptors.length; i++) {
      let verdict: Verdict;
      try {
        verdict = this.interceptors[i]!(envelope);
      } catch (error) {
        verdict = { drop: `an interceptor threw: ${String(error)}` };
      }
      if ('pass' in verdict) continue;
      if ('drop' in verdict) return this.deadLetter(envelope, verdict.reason ?? 'dropped', verdict.drop);
      if ('delay' in verdict) return this.hold(envelope, verdict.delay, i + 1, localOnly);
      if (verdict.replace.length === 0)
        return this.deadLetter(envelope, 'dropped', 'an interceptor replaced it with nothing');
      this.envelopeCount += verdict.replace.length - 1;
      this.publishedCount += verdict.replace.length - 1;
      for (const replacement of verdict.replace) this.passInterceptors(replacement, i + 1, localOnly);
      return;
    }
    this.route(envelope, localOnly);
  }

  private hold(envelope: Envelope, ms: number, next: number, localOnly: boolean): void {
    this.heldCount++;
    this.clock.setTimeout(() => {
      this.heldCount--;
      if (this.sealedBecause !== undefined) this.deadLetter(envelope, this.sealedAs, this.sealedBecause);
      else this.passInterceptors(envelope, next, localOnly);
      this.kick();
    }, ms);
  }

  /** Holds one message for one mailbox (a gate's delay), then queues it without asking the gate again. */
  private holdFor(envelope: Envelope, mailbox: Mailbox, ms: number): void {
    this.heldCount++;
    this.clock.setTimeout(() => {
      this.heldCount--;
      if (this.sealedBecause !== undefined)
        this.deadLetter(envelope, this.sealedAs, this.sealedBecause, mailbox.id);
      else if (mailbox.closed !== undefined) this.refuse(envelope, mailbox.closed, mailbox.id);
      else this.admit(envelope, mailbox);
      this.kick();
    }, ms);
  }

  private route(envelope: Envelope, localOnly: boolean): void {
    const receiver = envelope.receiver;
    if (receiver === BROADCAST) {
      const everyone: Mailbox[] = [];
      for (const mailbox of this.boxes.values()) {
        if (mailbox.kind === 'agent' && mailbox.id !== envelope.sender) everyone.push(mailbox);
      }
      return this.fanOut(
        envelope,
        everyone,
        localOnly,
        'no agent but the sender is here to receive a broadcast',
      );
    }
    if (isTopic(receiver)) {
      const subscribers = this.topics.get(receiver);
      return this.fanOut(
        envelope,
        subscribers ?? [],
        localOnly,
        `nobody subscribes to topic '${receiver.slice(1)}'`,
      );
    }
    const mailbox = this.boxes.get(receiver);
    if (mailbox !== undefined) return this.enqueue(envelope, mailbox);
    if (this.link !== undefined && !localOnly) return this.forward(envelope);
    this.deadLetter(
      envelope,
      'unknown-receiver',
      `no agent '${receiver}' is registered; check the id or spawn it first`,
    );
  }

  private fanOut(
    envelope: Envelope,
    recipients: readonly Mailbox[],
    localOnly: boolean,
    nobody: string,
  ): void {
    const remote = this.link !== undefined && !localOnly;
    const count = recipients.length + (remote ? 1 : 0);
    if (count === 0) return this.deadLetter(envelope, 'no-subscribers', nobody);
    this.publishedCount += count - 1;
    for (const mailbox of recipients.slice()) this.enqueue(envelope, mailbox);
    if (remote) this.forward(envelope);
  }

  private enqueue(envelope: Envelope, mailbox: Mailbox): void {
    if (mailbox.closed !== undefined) return this.refuse(envelope, mailbox.closed, mailbox.id);
    if (mailbox.gate !== undefined) {
      let verdict: GateVerdict;
      try {
        verdict = mailbox.gate(envelope);
      } catch (error) {
        verdict = { drop: `the gate of '${mailbox.id}' threw: ${String(error)}` };
      }
      if ('drop' in verdict)
        return this.deadLetter(envelope, verdict.reason ?? 'dropped', verdict.drop, mailbox.id);
      if ('delay' in verdict) return this.holdFor(envelope, mailbox, verdict.delay);
    }
    this.admit(envelope, mailbox);
  }

  private admit(envelope: Envelope, mailbox: Mailbox): void {
    if (mailbox.depth >= mailbox.capacity) {
      return this.deadLetter(
        envelope,
        'inbox-full',
        `the inbox of '${mailbox.id}' holds ${mailbox.capacity} envelopes already; raise its capacity or slow the sender`,
        mailbox.id,
      );
    }
    this.queue.push(envelope, mailbox);
  }

  private forward(envelope: Envelope): void {
    this.forwardingCount++;
    void this.link!.forward(envelope).then((result) =>
      this.batch(() => {
        this.forwardingCount--;
        // The network refused its copy; for a topic or broadcast, local copies may still be answered.
        if (!result.ok) return this.deadLetter(envelope, result.reason, result.detail, undefined, true);
        this.deliveredCount++;
        this.forwardedCount++;
      }),
    );
  }

  private readonly deliverOne = (envelope: Envelope, mailbox: Mailbox): void => {
    if (mailbox.closed !== undefined) return this.refuse(envelope, mailbox.closed, mailbox.id);
    if (envelope.expiresAt !== undefined && this.clock.now() >= envelope.expiresAt) {
      return this.deadLetter(
        envelope,
        'expired',
        `expired at ${envelope.expiresAt} while queued`,
        mailbox.id,
      );
    }
    let refusal: Refusal | undefined;
    try {
      refusal = mailbox.deliver(envelope);
    } catch (error) {
      refusal = {
        reason: 'receiver-failed',
        detail: `'${mailbox.id}' threw while taking it: ${String(error)}`,
      };
    }
    if (refusal !== undefined) return this.refuse(envelope, refusal, mailbox.id);
    this.deliveredCount++;
    if (envelope.inReplyTo !== undefined && this.pending.size > 0) this.settleReply(envelope);
    if (this.deliveredSubject.observed) this.deliveredSubject.next({ envelope, recipient: mailbox.id });
  };

  private settleReply(reply: Envelope): void {
    const request = this.pending.get(reply.inReplyTo!);
    if (request === undefined) return;
    this.pending.delete(reply.inReplyTo!);
    this.clock.clearTimeout(request.timer);
    request.resolve(reply);
  }

  private refuse(envelope: Envelope, refusal: Refusal, recipient?: AgentId): void {
    this.deadLetter(envelope, refusal.reason, refusal.detail, recipient);
  }

  /**
   * Counts and publishes a dead letter, and fails a request waiting on it when no reply can follow.
   * `partial`: only one copy of the envelope failed (one recipient's, or the network's), not all of it.
   */
  private deadLetter(
    envelope: Envelope,
    reason: DeadLetterReason,
    detail: string,
    recipient?: AgentId,
    partial = recipient !== undefined,
  ): void {
    this.deadLetteredCount++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    const request = this.pending.size > 0 ? this.pending.get(envelope.id) : undefined;
    const observed = this.deadLetterSubject.observed;
    if (request === undefined && !observed) return;
    const letter: DeadLetter =
      recipient === undefined
        ? { envelope, reason, detail, at: this.clock.now() }
        : { envelope, recipient, reason, detail, at: this.clock.now() };
    if (request !== undefined && !replyMayFollow(letter, partial)) {
      this.pending.delete(envelope.id);
      this.clock.clearTimeout(request.timer);
      request.reject(new RequestUndeliverableError(letter));
    }
    if (observed) this.deadLetterSubject.next(letter);
  }

  private dropSubscriber(key: string, mailbox: Mailbox): void {
    const subscribers = this.topics.get(key);
    if (subscribers === undefined) return;
    const at = subscribers.indexOf(mailbox);
    if (at >= 0) subscribers.splice(at, 1);
    if (subscribers.length === 0) this.topics.delete(key);
  }

  private kick(): void {
    if (!this.draining && this.batchDepth === 0) this.drain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.clock.setTimeout(() => {
      this.drainScheduled = false;
      this.drain();
    }, 0);
  }
}
