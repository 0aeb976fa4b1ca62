import type { Clock } from '../bus/clock.js';
import { EnvelopeEvent } from '../protocol/envelope-event.js';
import type { AgentId } from '../protocol/ids.js';
import type { Message } from '../protocol/outbound.js';

/**
 * Turns what a machine emits into a complete envelope: a fresh id, the sender it is hosted as, the send
 * time, absolute deadlines. Nothing the machine wrote can change the sender.
 */
export class EnvelopeStamper {
  private counter = 0;

  constructor(
    private readonly nodeId: string,
    private readonly clock: Clock,
  ) {}

  nextId(): string {
    return `${this.nodeId}.${(this.counter++).toString(36)}`;
  }

  stamp(sender: AgentId, message: Message): EnvelopeEvent {
    const sentAt = this.clock.now();
    const { replyWithin, expiresIn } = message;
    return new EnvelopeEvent(
      this.nextId(),
      message.performative,
      sender,
      message.receiver,
      message.content,
      message.priority ?? 'normal',
      sentAt,
      message.conversationId,
      message.inReplyTo,
      message.replyTo,
      message.replyBy ?? (replyWithin === undefined ? undefined : sentAt + replyWithin),
      expiresIn === undefined ? undefined : sentAt + expiresIn,
      message.protocol,
    );
  }
}
