import { emit, setup } from 'xstate';
import { type Inbound, type Outbound, SEND } from './core.js';

/** An outbound event that tries to pass itself off as someone else's complete envelope. */
const forged: Outbound & { sender: string; id: string; sentAt: number; smuggled: string } = {
  type: SEND,
  performative: 'inform',
  receiver: 'sink',
  content: { kind: 'note' },
  sender: 'someone-else',
  id: 'forged-id',
  sentAt: 123_456,
  smuggled: 'extra field',
};

/** On any `request`, emits a message claiming another sender, id and send time. */
export const forger = setup({
  types: {} as { events: Inbound<'request'>; emitted: Outbound },
  actions: { forge: emit(() => forged) },
}).createMachine({ id: 'forger', on: { request: { actions: 'forge' } } });
