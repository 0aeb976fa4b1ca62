import { assign, emit, setup } from 'xstate';
import { type AgentInput, type Inbound, type Outbound, outbound } from './core.js';

/** Passes every `inform` on to `next`; without a `next` it counts what arrived. A link in a chain. */
export const relay = setup({
  types: {} as {
    context: { next: string | undefined; arrived: number };
    input: AgentInput<{ next?: string }>;
    events: Inbound<'inform'>;
    emitted: Outbound;
  },
  guards: { hasNext: ({ context }) => context.next !== undefined },
  actions: {
    pass: emit(({ context, event }) =>
      outbound({ performative: 'inform', receiver: context.next!, content: event.content }),
    ),
    count: assign({ arrived: ({ context }) => context.arrived + 1 }),
  },
}).createMachine({
  id: 'relay',
  context: ({ input }) => ({ next: input.next, arrived: 0 }),
  on: { inform: [{ guard: 'hasNext', actions: 'pass' }, { actions: 'count' }] },
});
