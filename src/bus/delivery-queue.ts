import type { Envelope } from '../protocol/envelope.js';
import { PRIORITY_RANK } from '../protocol/priority.js';
import { PairFifo } from './fifo.js';
import type { Mailbox } from './mailbox.js';

/** Pending deliveries in four FIFO lanes, one per priority: a critical envelope overtakes all queued traffic. */
export class DeliveryQueue {
  private readonly lanes = [
    new PairFifo<Envelope, Mailbox>(),
    new PairFifo<Envelope, Mailbox>(),
    new PairFifo<Envelope, Mailbox>(),
    new PairFifo<Envelope, Mailbox>(),
  ] as const;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(envelope: Envelope, mailbox: Mailbox): void {
    this.lanes[PRIORITY_RANK[envelope.priority]].push(envelope, mailbox);
    mailbox.depth++;
    this.count++;
  }

  /** Takes the most urgent, oldest delivery and hands it to `deliver`; false when empty. */
  shift(deliver: (envelope: Envelope, mailbox: Mailbox) => void): boolean {
    if (this.count === 0) return false;
    for (const lane of this.lanes) {
      if (lane.size === 0) continue;
      const envelope = lane.shiftFirst();
      const mailbox = lane.shiftSecond();
      mailbox.depth--;
      this.count--;
      deliver(envelope, mailbox);
      return true;
    }
    return false;
  }

  /** Empties every lane, most urgent first. */
  clear(each: (envelope: Envelope, mailbox: Mailbox) => void): void {
    for (const lane of this.lanes) {
      lane.clear((envelope, mailbox) => {
        mailbox.depth--;
        this.count--;
        each(envelope, mailbox);
      });
    }
  }
}
