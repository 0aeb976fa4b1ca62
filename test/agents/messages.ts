import type { Content } from '../../src/protocol/content.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import type { Performative } from '../../src/protocol/performatives.js';

let sequence = 0;

/** An inbound message as a machine receives it, for driving actors without a bus. */
export function inbound<P extends Performative, C extends Content>(
  performative: P,
  content: C,
  fields: Partial<Omit<Inbound<P, C>, 'type' | 'performative' | 'content'>> = {},
): Inbound<P, C> {
  sequence++;
  return {
    type: performative,
    performative,
    content,
    id: fields.id ?? `m${sequence}`,
    sender: fields.sender ?? 'tester',
    receiver: fields.receiver ?? 'agent',
    priority: fields.priority ?? 'normal',
    sentAt: fields.sentAt ?? 0,
    ...fields,
  };
}
