import { assign, emit, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound } from '../../src/protocol/outbound.js';
import { BareNetwork } from '../bare-network.js';
import { check, type Sample, timed } from '../harness.js';
import { longLivedSystem, PolisWiring } from '../polis-system.js';
import { throughputKernel } from '../throughput-kernel.js';
import type { Wiring } from '../wiring.js';

/** Savina's thread ring: 100 actors pass a token 100,000 hops around the ring. */
const RING = 100;
const HOPS = 100_000;

type Token = { kind: 'token'; hops: number };

/** Passes the token on to `next` with one hop fewer, until no hops are left. */
export const ringMember = setup({
  types: {} as {
    context: { next: string; passed: number; finished: boolean };
    input: AgentInput<{ next: string }>;
    events: Inbound<'inform', Token>;
    emitted: Outbound;
  },
  actions: {
    pass: emit(({ context, event }) =>
      outbound<Token>({
        performative: 'inform',
        receiver: context.next,
        content: { kind: 'token', hops: event.content.hops - 1 },
      }),
    ),
    count: assign({ passed: ({ context }) => context.passed + 1 }),
    finish: assign({ finished: true }),
  },
  guards: { exhausted: ({ event }) => event.content.hops === 0 },
}).createMachine({
  id: 'ring-member',
  context: ({ input }) => ({ next: input.next, passed: 0, finished: false }),
  on: { inform: [{ guard: 'exhausted', actions: 'finish' }, { actions: ['count', 'pass'] }] },
});

/** The id of ring member `i` of `size`. */
export function memberId(i: number): string {
  return `ring-${i}`;
}

/** The id of the member after member `i` in a ring of `size`. */
export function nextMemberId(i: number, size: number): string {
  return memberId((i + 1) % size);
}

/**
 * Runs a ring of `size` members on `wiring` passing the token `hops` times, checks the lap, then clears.
 *
 * @example
 * const sample = ring(new BareNetwork(), 100, 100_000);
 */
export function ring(wiring: Wiring, size: number, hops: number): Sample {
  const members = Array.from({ length: size }, (_, i) =>
    wiring.spawn(ringMember, memberId(i), { next: nextMemberId(i, size) }),
  );
  const token: Token = { kind: 'token', hops };
  const sample = timed(hops, () => wiring.kick(memberId(0), 'inform', token));
  const contexts = members.map((m) => m.getSnapshot().context);
  const passed = contexts.reduce((sum, c) => sum + c.passed, 0);
  check(passed === hops, `the token was passed ${passed} times, not ${hops}`);
  check(
    contexts.some((c) => c.finished),
    'no member saw the token run out',
  );
  wiring.clear();
  return sample;
}

const polisSystem = longLivedSystem();

export const threadRing = throughputKernel({
  name: 'thread-ring',
  summary: `${RING} actors in a ring pass a token ${HOPS.toLocaleString('en-US')} hops`,
  unit: 'hops/s',
  target: 0.75,
  bare: () => ring(new BareNetwork(), RING, HOPS),
  polis: () => ring(new PolisWiring(polisSystem()), RING, HOPS),
});
