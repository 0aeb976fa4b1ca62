import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound, reply } from '../../src/protocol/outbound.js';
import { BareNetwork } from '../bare-network.js';
import { check, type Sample, timed } from '../harness.js';
import { longLivedSystem, PolisWiring } from '../polis-system.js';
import { throughputKernel } from '../throughput-kernel.js';
import type { Wiring } from '../wiring.js';

/**
 * Savina's counting: a producer sends increments to a counter, then asks for the count. Savina sends
 * 1,000,000; here 200,000, because one bare run of 1,000,000 takes ~10 s on the reference machine.
 */
const INCREMENTS = 200_000;
/**
 * Increments sent per step. XState runs a step's emits from an array it `shift()`s, which is quadratic
 * beyond ~16k entries (64k emits in one step take seconds), so the producer floods in chunks and sends
 * itself a `more` request between them (1 extra message per chunk, in both variants).
 */
const CHUNK = 1_000;
const OPS = INCREMENTS;

type Start = { kind: 'start' } | { kind: 'more' };
type Increment = { kind: 'increment' };
type Retrieve = { kind: 'retrieve' };
type Count = { kind: 'count'; count: number };

/**
 * On start, sends `increments` increments in chunks of `chunk`, asking itself for `more` after each chunk,
 * then one retrieve; records the count it gets back.
 */
export const producer = setup({
  types: {} as {
    context: { self: string; counter: string; left: number; chunk: number; result: number };
    input: AgentInput<{ counter: string; increments: number; chunk: number }>;
    events: Inbound<'request', Start> | Inbound<'inform', Count>;
    emitted: Outbound;
  },
  actions: {
    produce: enqueueActions(({ context, enqueue }) => {
      const n = Math.min(context.chunk, context.left);
      for (let i = 0; i < n; i++) {
        enqueue.emit(
          outbound<Increment>({
            performative: 'inform',
            receiver: context.counter,
            content: { kind: 'increment' },
          }),
        );
      }
      enqueue.assign({ left: context.left - n });
      if (context.left > n) {
        enqueue.emit(
          outbound<Start>({ performative: 'request', receiver: context.self, content: { kind: 'more' } }),
        );
      } else {
        enqueue.emit(
          outbound<Retrieve>({
            performative: 'query-ref',
            receiver: context.counter,
            content: { kind: 'retrieve' },
          }),
        );
      }
    }),
    record: assign({ result: ({ event }) => (event.type === 'inform' ? event.content.count : -1) }),
  },
}).createMachine({
  id: 'producer',
  context: ({ input }) => ({
    self: input.agent.id,
    counter: input.counter,
    left: input.increments,
    chunk: input.chunk,
    result: -1,
  }),
  on: { request: { actions: 'produce' }, inform: { actions: 'record' } },
});

/** Counts increments; answers a retrieve with the count. */
export const counter = setup({
  types: {} as {
    context: { count: number };
    input: AgentInput;
    events: Inbound<'inform', Increment> | Inbound<'query-ref', Retrieve>;
    emitted: Outbound;
  },
  actions: {
    increment: assign({ count: ({ context }) => context.count + 1 }),
    answer: enqueueActions(({ context, event, enqueue }) => {
      enqueue.emit(reply<Count>(event, 'inform', { kind: 'count', count: context.count }));
    }),
  },
}).createMachine({
  id: 'counter',
  context: { count: 0 },
  on: { inform: { actions: 'increment' }, 'query-ref': { actions: 'answer' } },
});

/** One count on `wiring`: timed from the start request until the producer has the count back. */
function count(wiring: Wiring): Sample {
  wiring.spawn(counter, 'counter');
  const produce = wiring.spawn(producer, 'producer', {
    counter: 'counter',
    increments: INCREMENTS,
    chunk: CHUNK,
  });
  const sample = timed(OPS, () => wiring.kick('producer', 'request', { kind: 'start' }));
  const { result } = produce.getSnapshot().context;
  check(result === INCREMENTS, `the counter counted ${result}, not ${INCREMENTS}`);
  wiring.clear();
  return sample;
}

const polisSystem = longLivedSystem({ inboxCapacity: Number.POSITIVE_INFINITY });

export const counting = throughputKernel({
  name: 'counting',
  summary: `a producer sends ${INCREMENTS.toLocaleString('en-US')} increments to one counter, ${CHUNK} per step`,
  unit: 'messages/s',
  target: 0.9,
  bare: () => count(new BareNetwork()),
  polis: () => count(new PolisWiring(polisSystem())),
});
