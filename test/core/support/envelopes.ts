import type { Envelope } from './core.js';

let counter = 0;

/** A complete, valid envelope for tests that talk to the bus directly; every call gets a fresh id. */
export function makeEnvelope(fields: Partial<Envelope> & Pick<Envelope, 'receiver'>): Envelope {
  counter += 1;
  return {
    id: `t.${counter}`,
    performative: 'inform',
    sender: 'tester',
    content: { kind: 'note' },
    priority: 'normal',
    sentAt: 0,
    ...fields,
  };
}

/** A valid envelope as it would arrive as JSON from another process. */
export const validEnvelopeJson = {
  id: 'n1.42',
  performative: 'propose',
  sender: 'bidder-1',
  receiver: 'manager',
  content: { kind: 'bid', taskId: 'task-7', price: 12.5, eta: 300 },
  priority: 'high',
  sentAt: 1000,
  conversationId: 'cnet-7',
  inReplyTo: 'n0.1',
  replyBy: 2000,
  expiresAt: 5000,
  protocol: 'fipa-contract-net',
} as const;
