import { assign, setup } from 'xstate';
import type { Inbound } from './core.js';

/** Throws a `TypeError` on every `request`; counts `inform`s normally. */
export const fragile = setup({
  types: {} as { context: { informs: number }; events: Inbound<'request'> | Inbound<'inform'> },
  actions: {
    explode: () => {
      throw new TypeError('cannot read the order');
    },
    count: assign({ informs: ({ context }) => context.informs + 1 }),
  },
}).createMachine({
  id: 'fragile',
  context: { informs: 0 },
  on: { request: { actions: 'explode' }, inform: { actions: 'count' } },
});

/** Throws from its entry action, so it fails while being spawned. */
export const explosive = setup({
  types: {} as { events: Inbound<'inform'> },
  actions: {
    explode: () => {
      throw new RangeError('bad configuration');
    },
  },
}).createMachine({ id: 'explosive', entry: 'explode', on: { inform: {} } });
