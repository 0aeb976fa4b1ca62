import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../../../src/protocol/agent-identity.js';
import type { Inbound } from '../../../src/protocol/envelope.js';
import { type Outbound, outbound, reply } from '../../../src/protocol/outbound.js';

/** Counts the work it is asked for; `{ kind: 'crash' }` makes it throw. */
export const worker = setup({
  types: {} as {
    context: { done: number; generation: number };
    input: AgentInput<{ generation?: number }>;
    events: Inbound<'request', { kind: 'work' } | { kind: 'crash' }>;
    emitted: Outbound;
  },
  actions: {
    work: enqueueActions(({ context, event, enqueue }) => {
      if (event.content.kind === 'crash') throw new Error('asked to crash');
      enqueue.assign({ done: context.done + 1 });
      enqueue.emit(reply(event, 'inform', { kind: 'done' }));
    }),
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => ({ done: 0, generation: input.generation ?? 0 }),
  on: { request: { actions: 'work' } },
});

/** Answers every inform with the same inform: two of them make a ping-pong loop. */
export const echoer = setup({
  types: {} as { events: Inbound<'inform'>; emitted: Outbound },
}).createMachine({
  id: 'echoer',
  on: {
    inform: {
      actions: enqueueActions(({ event, enqueue }) => enqueue.emit(reply(event, 'inform', event.content))),
    },
  },
});

/** Passes every request it gets on to `next`, unchanged: a ring of them is a delegation loop. */
export const relay = setup({
  types: {} as {
    context: { next: string };
    input: AgentInput<{ next: string }>;
    events: Inbound<'request'>;
    emitted: Outbound;
  },
}).createMachine({
  id: 'relay',
  context: ({ input }) => ({ next: input.next }),
  on: {
    request: {
      actions: enqueueActions(({ context, event, enqueue }) =>
        enqueue.emit(outbound({ performative: 'request', receiver: context.next, content: event.content })),
      ),
    },
  },
});

/** Sends `count` messages to `to` every `everyMs` (at once when 0), `bursts` times. */
export const flooder = setup({
  types: {} as {
    context: { to: string; count: number; everyMs: number; bursts: number; content: { kind: string } };
    input: AgentInput<{
      to: string;
      count: number;
      everyMs?: number;
      bursts?: number;
      content?: { kind: string };
    }>;
    events: Inbound<'inform'>;
    emitted: Outbound;
  },
  delays: { every: ({ context }) => context.everyMs },
  guards: { more: ({ context }) => context.bursts > 0 },
  actions: {
    burst: enqueueActions(({ context, enqueue }) => {
      for (let i = 0; i < context.count; i++) {
        enqueue.emit(outbound({ performative: 'inform', receiver: context.to, content: context.content }));
      }
      enqueue.assign({ bursts: context.bursts - 1 });
    }),
  },
}).createMachine({
  id: 'flooder',
  context: ({ input }) => ({
    to: input.to,
    count: input.count,
    everyMs: input.everyMs ?? 0,
    bursts: input.bursts ?? 1,
    content: input.content ?? { kind: 'noise' },
  }),
  initial: 'sending',
  on: { inform: {} },
  states: {
    sending: {
      entry: 'burst',
      always: { guard: ({ context }) => context.bursts <= 0, target: 'idle' },
      after: { every: { target: 'sending', reenter: true } },
    },
    idle: {},
  },
});

/** Takes every inform and does nothing: a sink for floods. */
export const sink = setup({
  types: {} as { context: { got: number }; events: Inbound<'inform'>; emitted: Outbound },
}).createMachine({
  id: 'sink',
  context: { got: 0 },
  on: { inform: { actions: assign({ got: ({ context }) => context.got + 1 }) } },
});

/** Answers a request with a pong after `delay` ms: normal request-response traffic. */
export const service = setup({
  types: {} as { events: Inbound<'request'>; emitted: Outbound },
}).createMachine({
  id: 'service',
  on: {
    request: {
      actions: enqueueActions(({ event, enqueue }) =>
        enqueue.emit(reply(event, 'inform', { kind: 'answer', to: event.id })),
      ),
    },
  },
});

/** 10 ms after it starts, sends one whisper to each of its peers, signed with its own id. */
export const gossip = setup({
  types: {} as {
    context: { peers: readonly string[]; heard: number };
    input: AgentInput<{ peers: readonly string[] }>;
    events: Inbound<'inform'>;
    emitted: Outbound;
  },
}).createMachine({
  id: 'gossip',
  context: ({ input }) => ({ peers: input.peers, heard: 0 }),
  initial: 'waiting',
  states: {
    waiting: {
      after: {
        10: {
          target: 'done',
          actions: enqueueActions(({ context, self, enqueue }) => {
            for (const peer of context.peers) {
              enqueue.emit(
                outbound({
                  performative: 'inform',
                  receiver: peer,
                  content: { kind: 'whisper', from: self.id },
                }),
              );
            }
          }),
        },
      },
    },
    done: {},
  },
  on: { inform: { actions: assign({ heard: ({ context }) => context.heard + 1 }) } },
});

/** Answers `{ n }` with `{ n: n + 1 }` until `limit`: a long exchange whose messages never repeat. */
export const counter = setup({
  types: {} as {
    context: { limit: number };
    input: AgentInput<{ limit?: number }>;
    events: Inbound<'inform', { kind: 'count'; n: number }>;
    emitted: Outbound;
  },
}).createMachine({
  id: 'counter',
  context: ({ input }) => ({ limit: input.limit ?? 1000 }),
  on: {
    inform: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        if (event.content.n < context.limit) {
          enqueue.emit(reply(event, 'inform', { kind: 'count', n: event.content.n + 1 }));
        }
      }),
    },
  },
});

/** Sends `{ kind: 'tick', n }` to `to` every `everyMs`, `count` times. */
export const ticker = setup({
  types: {} as {
    context: { to: string; everyMs: number; count: number; n: number };
    input: AgentInput<{ to: string; everyMs?: number; count?: number }>;
    events: Inbound<'inform'>;
    emitted: Outbound;
  },
  delays: { every: ({ context }) => context.everyMs },
}).createMachine({
  id: 'ticker',
  context: ({ input }) => ({ to: input.to, everyMs: input.everyMs ?? 10, count: input.count ?? 100, n: 0 }),
  initial: 'ticking',
  on: { inform: {} },
  states: {
    ticking: {
      after: {
        every: [
          {
            guard: ({ context }) => context.n < context.count,
            target: 'ticking',
            reenter: true,
            actions: enqueueActions(({ context, enqueue }) => {
              enqueue.emit(
                outbound({
                  performative: 'inform',
                  receiver: context.to,
                  content: { kind: 'tick', n: context.n },
                }),
              );
              enqueue.assign({ n: context.n + 1 });
            }),
          },
          { target: 'done' },
        ],
      },
    },
    done: {},
  },
});

/** Keeps the tick numbers it received, in order. */
export const recorder = setup({
  types: {} as {
    context: { ticks: number[] };
    events: Inbound<'inform', { kind: 'tick'; n: number }>;
    emitted: Outbound;
  },
}).createMachine({
  id: 'recorder',
  context: { ticks: [] },
  on: { inform: { actions: assign({ ticks: ({ context, event }) => [...context.ticks, event.content.n] }) } },
});
