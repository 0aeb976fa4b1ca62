import type { Content } from './content.js';
import type { Envelope } from './envelope.js';
import type { AgentId } from './ids.js';
import type { Performative } from './performatives.js';
import type { Priority } from './priority.js';
import type { Receiver } from './receiver.js';

/**
 * An envelope that is also an XState event: its `type` (a getter, so JSON never carries it) is the
 * performative. Every field is always present, `undefined` when unset, so all envelopes share one shape:
 * the runtime hands them to actors without copying, and property reads stay monomorphic.
 */
export class EnvelopeEvent<C extends Content = Content, P extends Performative = Performative>
  implements Envelope<C, P>
{
  constructor(
    readonly id: string,
    readonly performative: P,
    readonly sender: AgentId,
    readonly receiver: Receiver,
    readonly content: C,
    readonly priority: Priority,
    readonly sentAt: number,
    readonly conversationId: string | undefined,
    readonly inReplyTo: string | undefined,
    readonly replyTo: AgentId | undefined,
    readonly replyBy: number | undefined,
    readonly expiresAt: number | undefined,
    readonly protocol: string | undefined,
  ) {}

  get type(): P {
    return this.performative;
  }
}

/**
 * The event form of any envelope: itself when it already is one, else a copy.
 *
 * @example
 * actor.send(toEnvelopeEvent(decoded))
 */
export function toEnvelopeEvent<C extends Content, P extends Performative>(
  envelope: Envelope<C, P>,
): EnvelopeEvent<C, P> {
  if (envelope instanceof EnvelopeEvent) return envelope;
  const e = envelope;
  return new EnvelopeEvent(
    e.id,
    e.performative,
    e.sender,
    e.receiver,
    e.content,
    e.priority,
    e.sentAt,
    e.conversationId,
    e.inReplyTo,
    e.replyTo,
    e.replyBy,
    e.expiresAt,
    e.protocol,
  );
}
