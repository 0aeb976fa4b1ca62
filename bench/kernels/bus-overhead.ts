import type { AnyActorRef } from 'xstate';
import type { Agent } from '../../src/runtime/agent.js';
import {
  check,
  interleave,
  median,
  medianOf,
  nsPerOp,
  type Samples,
  select,
  timed,
  type Variant,
} from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { fmt, type Kernel, type Row } from '../report.js';
import { bareSink, CountingMailbox, counted, sink, type Tick } from '../sink.js';

/** Messages per sample, all into one trivial actor. */
const MESSAGES = 100_000;
/** Messages queued before delivery in the queued variant. */
const BATCH = 1_000;
const TARGET_NS = 300;

const TICK: Tick = { kind: 'tick' };
const MESSAGE = { performative: 'inform', receiver: 'sink', content: TICK } as const;

/** Bare: each message is a fresh event handed to `actor.send`, as code wiring actors itself would do. */
function bareVariant(): Variant {
  let actor: AnyActorRef | undefined;
  return {
    name: 'bare',
    run() {
      actor ??= bareSink('sink');
      const target = actor;
      const before = counted([target]);
      const sample = timed(MESSAGES, () => {
        for (let i = 0; i < MESSAGES; i++) target.send({ type: 'inform', sender: 'main', content: TICK });
      });
      check(counted([target]) - before === MESSAGES, 'the bare sink missed messages');
      return sample;
    },
  };
}

/**
 * Polis: each message is sent from an endpoint: stamped into an envelope, routed, queued and delivered to the
 * hosted actor before `send` returns. With `batch`, messages are sent `batch` at a time inside `bus.batch`, so
 * they all queue first (the path messages between agents take).
 */
function polisVariant(name: string, batch: number): Variant {
  const system = longLivedSystem();
  let host: Agent<typeof sink> | undefined;
  return {
    name,
    run() {
      const bus = system().bus;
      host ??= system().spawn(sink, { id: 'sink' });
      const main = system().endpoint('main');
      const before = counted([host.actor]);
      const sample = timed(MESSAGES, () => {
        if (batch === 1) {
          for (let i = 0; i < MESSAGES; i++) main.send(MESSAGE);
          return;
        }
        for (let start = 0; start < MESSAGES; start += batch) {
          bus.batch(() => {
            for (let i = 0; i < batch; i++) main.send(MESSAGE);
          });
        }
      });
      check(counted([host.actor]) - before === MESSAGES, 'the Polis sink missed messages');
      return sample;
    },
  };
}

/** The bus alone: the same messages into a mailbox that only counts, no actor behind it. */
function busAloneVariant(): Variant {
  const system = longLivedSystem();
  let mailbox: CountingMailbox | undefined;
  return {
    name: 'polis-bus-alone',
    run() {
      if (mailbox === undefined) {
        mailbox = new CountingMailbox('sink');
        system().bus.register(mailbox);
      }
      const box = mailbox;
      const main = system().endpoint('main');
      const before = box.count;
      const sample = timed(MESSAGES, () => {
        for (let i = 0; i < MESSAGES; i++) main.send(MESSAGE);
      });
      check(box.count - before === MESSAGES, 'the counting mailbox missed messages');
      return sample;
    },
  };
}

function ns(samples: Samples, name: string): number {
  return medianOf(samples, name, nsPerOp);
}

/** The median over rounds of (variant − bare), each round's two samples taken back to back. */
function paired(samples: Samples, name: string): number {
  const bareNs = (samples.bare ?? []).map(nsPerOp);
  return median((samples[name] ?? []).map((sample, i) => nsPerOp(sample) - bareNs[i]!));
}

function overheadRow(samples: Samples, name: string, measure: string, target: boolean): Row {
  const added = ns(samples, name) - ns(samples, 'bare');
  return {
    kernel: 'bus-overhead',
    measure,
    bare: `${fmt(ns(samples, 'bare'))} ns`,
    polis: `${fmt(ns(samples, name))} ns`,
    result: `+${fmt(added)} ns (paired +${fmt(paired(samples, name))})`,
    target: target ? `≤ +${TARGET_NS} ns` : '–',
    pass: target && Number.isFinite(added) ? added <= TARGET_NS : undefined,
  };
}

export const busOverhead: Kernel = {
  name: 'bus-overhead',
  summary: `${MESSAGES.toLocaleString('en-US')} messages into one trivial actor: actor.send vs the bus`,
  run({ runs, warmup, only }) {
    const variants = [
      bareVariant(),
      polisVariant('polis', 1),
      polisVariant('polis-queued', BATCH),
      busAloneVariant(),
    ];
    const samples = interleave(select(variants, only), { runs, warmup });
    const alone = ns(samples, 'polis-bus-alone');
    const rows: Row[] = [
      overheadRow(samples, 'polis', 'ns/message: endpoint.send vs actor.send of a fresh event', true),
      overheadRow(samples, 'polis-queued', `the same, ${fmt(BATCH)} queued at a time (bus.batch)`, false),
      {
        kernel: 'bus-overhead',
        measure: 'ns/message: endpoint.send into a counting mailbox (the bus alone, no actor)',
        bare: '–',
        polis: `${fmt(alone)} ns`,
        result: `${fmt(alone)} ns`,
        target: '–',
        pass: undefined,
      },
    ];
    return { rows, raw: { samples } };
  },
};
