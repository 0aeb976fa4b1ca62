import { emit, setup } from 'xstate';
import { type Inbound, type Outbound, reply } from './core.js';

/** Answers every `request` with an `inform` carrying the request's content back. Handles nothing else. */
export const echo = setup({
  types: {} as { events: Inbound<'request'>; emitted: Outbound },
  actions: { answer: emit(({ event }) => reply(event, 'inform', { kind: 'echo', of: event.content })) },
}).createMachine({ id: 'echo', on: { request: { actions: 'answer' } } });
