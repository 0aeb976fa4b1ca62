import { assign, emit, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound, reply } from '../../src/protocol/outbound.js';
import { BareNetwork } from '../bare-network.js';
import { check, interleave, select, timed, type Variant } from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { type Kernel, throughputRow } from '../report.js';

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

function pingerDone(left: number, pings: number): void {
  check(left === 0, `the pinger has ${left} pings left`);
  check(pings === PINGS, `the ponger saw ${pings} pings, not ${PINGS}`);
}

const bare: Variant = {
  name: 'bare',
  run() {
    const net = new BareNetwork();
    const pong = net.spawn(ponger, 'pong', {});
    const ping = net.spawn(pinger, 'ping', { peer: 'pong', pings: PINGS });
    const sample = timed(OPS, () => {
      net.post('ping', { type: 'request', sender: 'main', content: { kind: 'start' } });
      net.run();
    });
    pingerDone(ping.getSnapshot().context.left, pong.getSnapshot().context.pings);
    return sample;
  },
};

const polisSystem = longLivedSystem();

const polis: Variant = {
  name: 'polis',
  run() {
    const system = polisSystem();
    const pong = system.spawn(ponger, { id: 'pong' });
    const ping = system.spawn(pinger, { id: 'ping', input: { peer: 'pong', pings: PINGS } });
    const main = system.endpoint('main');
    const sample = timed(OPS, () => {
      main.send({ performative: 'request', receiver: 'ping', content: { kind: 'start' } });
      system.run();
    });
    pingerDone(ping.actor.getSnapshot().context.left, pong.actor.getSnapshot().context.pings);
    system.removeAgent('ping');
    system.removeAgent('pong');
    return sample;
  },
};

export const pingPong: Kernel = {
  name: 'ping-pong',
  summary: `two actors, ${PINGS.toLocaleString('en-US')} pings each answered by a pong`,
  run({ runs, warmup, only }) {
    const samples = interleave(select([bare, polis], only), { runs, warmup });
    const { row } = throughputRow('ping-pong', 'messages/s', samples, 0.85);
    return { rows: [row], raw: { samples } };
  },
};
