import { assign, emit, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound } from '../../src/protocol/outbound.js';
import type { AgentSystem } from '../../src/runtime/system.js';
import { BareNetwork } from '../bare-network.js';
import { check, interleave, select, timed, type Variant } from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { type Kernel, throughputRow } from '../report.js';

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

function nextOf(i: number, size: number): string {
  return memberId((i + 1) % size);
}

function checkLap(passed: number, finished: boolean, hops: number): void {
  check(passed === hops, `the token was passed ${passed} times, not ${hops}`);
  check(finished, 'no member saw the token run out');
}

type Context = { passed: number; finished: boolean };

function tally(contexts: readonly Context[]): { passed: number; finished: boolean } {
  return {
    passed: contexts.reduce((sum, c) => sum + c.passed, 0),
    finished: contexts.some((c) => c.finished),
  };
}

/**
 * Runs a ring of `size` bare actors passing the token `hops` times.
 *
 * @example
 * const sample = bareRing(100, 100_000);
 */
export function bareRing(size: number, hops: number) {
  const net = new BareNetwork();
  const members = Array.from({ length: size }, (_, i) =>
    net.spawn(ringMember, memberId(i), { next: nextOf(i, size) }),
  );
  const sample = timed(hops, () => {
    const token: Token = { kind: 'token', hops };
    net.post(memberId(0), { type: 'inform', sender: 'main', content: token });
    net.run();
  });
  const { passed, finished } = tally(members.map((m) => m.getSnapshot().context as Context));
  checkLap(passed, finished, hops);
  return sample;
}

/**
 * Runs a ring of `size` Polis agents in `system` passing the token `hops` times, then removes them.
 *
 * @example
 * const sample = polisRing(benchSystem(), 100, 100_000);
 */
export function polisRing(system: AgentSystem, size: number, hops: number) {
  const members = Array.from({ length: size }, (_, i) =>
    system.spawn(ringMember, { id: memberId(i), input: { next: nextOf(i, size) } }),
  );
  const main = system.endpoint('main');
  const sample = timed(hops, () => {
    main.send({ performative: 'inform', receiver: memberId(0), content: { kind: 'token', hops } });
    system.run();
  });
  const { passed, finished } = tally(members.map((m) => m.actor.getSnapshot().context));
  checkLap(passed, finished, hops);
  for (const member of members) system.removeAgent(member.id);
  return sample;
}

const bare: Variant = { name: 'bare', run: () => bareRing(RING, HOPS) };
const polisSystem = longLivedSystem();
const polis: Variant = { name: 'polis', run: () => polisRing(polisSystem(), RING, HOPS) };

export const threadRing: Kernel = {
  name: 'thread-ring',
  summary: `${RING} actors in a ring pass a token ${HOPS.toLocaleString('en-US')} hops`,
  run({ runs, warmup, only }) {
    const samples = interleave(select([bare, polis], only), { runs, warmup });
    const { row } = throughputRow('thread-ring', 'hops/s', samples, 0.75);
    return { rows: [row], raw: { samples } };
  },
};
