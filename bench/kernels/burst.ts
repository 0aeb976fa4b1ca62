import type { AnyActorRef } from 'xstate';
import type { Message } from '../../src/protocol/outbound.js';
import { createRng } from '../../src/protocol/random.js';
import { BareNetwork } from '../bare-network.js';
import {
  check,
  interleave,
  medianOf,
  nsPerOp,
  type Samples,
  select,
  timed,
  type Variant,
} from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { fmt, type Kernel, type Row } from '../report.js';
import { counted, sink, sinkId } from '../sink.js';

/** Messages per sample: 100 bursts of 1,000 or 1 burst of 100,000, to seeded random ones of 100 agents. */
const MESSAGES = 100_000;
const SMALL = 1_000;
const LARGE = 100_000;
const AGENTS = 100;
const TARGET_RATIO = 2;

function receivers(): string[] {
  const rng = createRng('burst');
  return Array.from({ length: MESSAGES }, () => sinkId(rng.int(AGENTS)));
}

/** Bare: each burst is pushed onto the plain queue, then drained into the actors (created once, kept). */
function bareBurst(size: number): Variant {
  const ids = receivers();
  const content = { kind: 'tick' };
  let state: { net: BareNetwork; actors: AnyActorRef[] } | undefined;
  return {
    name: `bare-${size}`,
    run() {
      if (state === undefined) {
        const net = new BareNetwork();
        state = { net, actors: Array.from({ length: AGENTS }, (_, i) => net.spawn(sink, sinkId(i), {})) };
      }
      const { net, actors } = state;
      const before = counted(actors);
      const sample = timed(MESSAGES, () => {
        for (let start = 0; start < MESSAGES; start += size) {
          for (let i = start; i < start + size; i++) {
            net.post(ids[i]!, { type: 'inform', sender: 'main', content });
          }
          net.run();
        }
      });
      check(counted(actors) - before === MESSAGES, 'bare sinks missed messages');
      return sample;
    },
  };
}

/** Polis: each burst is sent from an endpoint inside one `batch` (so it all queues), then delivered. */
function polisBurst(size: number): Variant {
  const system = longLivedSystem({ inboxCapacity: Number.POSITIVE_INFINITY });
  const messages: Message[] = receivers().map((receiver) => ({
    performative: 'inform',
    receiver,
    content: { kind: 'tick' },
  }));
  let actors: AnyActorRef[] | undefined;
  return {
    name: `polis-${size}`,
    run() {
      actors ??= Array.from({ length: AGENTS }, (_, i) => system().spawn(sink, { id: sinkId(i) }).actor);
      const sinks = actors;
      const main = system().endpoint('main');
      const bus = system().bus;
      const before = counted(sinks);
      const sample = timed(MESSAGES, () => {
        for (let start = 0; start < MESSAGES; start += size) {
          bus.batch(() => {
            for (let i = start; i < start + size; i++) main.send(messages[i]!);
          });
        }
      });
      check(counted(sinks) - before === MESSAGES, 'Polis sinks missed messages');
      return sample;
    },
  };
}

function burstRow(samples: Samples, side: string, target: boolean): Row {
  const small = medianOf(samples, `${side}-${SMALL}`, nsPerOp);
  const large = medianOf(samples, `${side}-${LARGE}`, nsPerOp);
  const ratio = large / small;
  const text = `${fmt(large)} vs ${fmt(small)}`;
  return {
    kernel: 'burst',
    measure: `ns/message in bursts of ${fmt(LARGE)} vs ${fmt(SMALL)}`,
    bare: side === 'bare' ? text : '–',
    polis: side === 'bare' ? '–' : text,
    result: `${ratio.toFixed(2)} ×`,
    target: target ? `≤ ${TARGET_RATIO} ×` : '–',
    pass: target && Number.isFinite(ratio) ? ratio <= TARGET_RATIO : undefined,
  };
}

export const burst: Kernel = {
  name: 'burst',
  summary: `${fmt(MESSAGES)} messages to ${AGENTS} agents, in bursts of ${fmt(SMALL)} or ${fmt(LARGE)}`,
  run({ runs, warmup, only }) {
    const variants = [SMALL, LARGE].flatMap((n) => [bareBurst(n), polisBurst(n)]);
    const samples = interleave(select(variants, only), { runs, warmup });
    return { rows: [burstRow(samples, 'polis', true), burstRow(samples, 'bare', false)], raw: { samples } };
  },
};
