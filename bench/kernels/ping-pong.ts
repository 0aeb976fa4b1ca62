import { assign, emit, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound, reply } from '../../src/protocol/outbound.js';
import { BareNetwork } from '../bare-network.js';
import { check, type Sample, timed } from '../harness.js';
import { longLivedSystem, PolisWiring } from '../polis-system.js';
import { throughputKernel } from '../throughput-kernel.js';
import type { Wiring } from '../wiring.js';

/** Savina's ping-pong: 40,000 pings, each answered by a pong (80,000 messages). */
const PINGS = 40_000;
const OPS = 2 * PINGS;

type Start = { kind: 'start' };
type Ping = { kind: 'ping' };
type Pong = { kind: 'pong' };

/** Sends a ping, and another on every pong until it has sent `pings`. */
export const pinger = setup({
  types: {} as {
    context: { left: number; peer: string };
    input: AgentInput<{ peer: string; pings: number }>;
    events: Inbound<'request', Start> | Inbound<'inform', Pong>;
    emitted: Outbound;
  },
  actions: {
    ping: emit(({ context }) =>
      outbound<Ping>({ performative: 'request', receiver: context.peer, content: { kind: 'ping' } }),
    ),
    countDown: assign({ left: ({ context }) => context.left - 1 }),
  },
  guards: { lastPong: ({ context }) => context.left === 1 },
}).createMachine({
  id: 'pinger',
  context: ({ input }) => ({ left: input.pings, peer: input.peer }),
  initial: 'idle',
  states: {
    idle: { on: { request: { target: 'playing', actions: 'ping' } } },
    playing: {
      on: {
        inform: [
          { guard: 'lastPong', target: 'done', actions: 'countDown' },
          { actions: ['countDown', 'ping'] },
        ],
      },
    },
    done: {},
  },
});

/** Answers every ping with a pong and counts them. */
export const ponger = setup({
  types: {} as {
    context: { pings: number };
    input: AgentInput;
    events: Inbound<'request', Ping>;
    emitted: Outbound;
  },
  actions: {
    pong: emit(({ event }) => reply<Pong>(event, 'inform', { kind: 'pong' })),
    count: assign({ pings: ({ context }) => context.pings + 1 }),
  },
}).createMachine({
  id: 'ponger',
  context: { pings: 0 },
  on: { request: { actions: ['count', 'pong'] } },
});

/** One game of `PINGS` rounds on `wiring`, timed from the start request until the last pong. */
function play(wiring: Wiring): Sample {
  const pong = wiring.spawn(ponger, 'pong');
  const ping = wiring.spawn(pinger, 'ping', { peer: 'pong', pings: PINGS });
  const sample = timed(OPS, () => wiring.kick('ping', 'request', { kind: 'start' }));
  const { left } = ping.getSnapshot().context;
  const { pings } = pong.getSnapshot().context;
  check(left === 0, `the pinger has ${left} pings left`);
  check(pings === PINGS, `the ponger saw ${pings} pings, not ${PINGS}`);
  wiring.clear();
  return sample;
}

const polisSystem = longLivedSystem();

export const pingPong = throughputKernel({
  name: 'ping-pong',
  summary: `two actors, ${PINGS.toLocaleString('en-US')} pings each answered by a pong`,
  unit: 'messages/s',
  target: 0.85,
  bare: () => play(new BareNetwork()),
  polis: () => play(new PolisWiring(polisSystem())),
});
