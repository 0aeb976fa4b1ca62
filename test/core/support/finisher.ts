import { setup } from 'xstate';
import type { Inbound } from './core.js';

/** Reaches its final state on the first `inform`. */
export const finisher = setup({ types: {} as { events: Inbound<'inform'> } }).createMachine({
  id: 'finisher',
  initial: 'working',
  states: { working: { on: { inform: 'finished' } }, finished: { type: 'final' } },
});
