import { type AnyActorRef, createActor } from 'xstate';
import type { Message } from '../../src/protocol/outbound.js';
import { createRng } from '../../src/protocol/random.js';
import type { Agent } from '../../src/runtime/agent.js';
import {
  check,
  interleave,
  nsPerOp,
  type Samples,
  select,
  summarize,
  timed,
  type Variant,
} from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { fmt, type Kernel, type Row } from '../report.js';
import { CountingMailbox, sink } from '../sink.js';

/** Messages per sample, each sent from an endpoint to a seeded random one of the registered agents. */
const MESSAGES = 100_000;
const FEW = 10;
const MANY = 10_000;
const TARGET_RATIO = 1.2;

const TICK = { kind: 'tick' } as const;

/** What an application sends to one sink. */
function message(receiver: string): Message {
  return { performative: 'inform', receiver, content: TICK };
}

function sinkId(i: number): string {
  return `sink-${i}`;
}

/** The same seeded sequence of receivers for every variant with `agents` agents. */
function receivers(agents: number): { ids: string[]; indexes: number[] } {
  const rng = createRng(`routing-${agents}`);
  const indexes = Array.from({ length: MESSAGES }, () => rng.int(agents));
  const names = Array.from({ length: agents }, (_, i) => sinkId(i));
  return { ids: indexes.map((i) => names[i]!), indexes };
}

/** Bare: actors created on first use and kept; each message is a fresh event handed to `actor.send`. */
function bareAt(agents: number): Variant {
  let actors: AnyActorRef[] | undefined;
  const { indexes } = receivers(agents);
  return {
    name: `bare-${agents}`,
    run() {
      actors ??= Array.from({ length: agents }, (_, i) =>
        createActor(sink, { input: { agent: { id: sinkId(i), capabilities: [], seed: 0 } } }).start(),
      );
      const targets = actors;
      const before = total(targets.map(counted));
      const sample = timed(MESSAGES, () => {
        for (let i = 0; i < MESSAGES; i++) {
          targets[indexes[i]!]!.send({ type: 'inform', sender: 'main', content: TICK });
        }
      });
      check(total(targets.map(counted)) - before === MESSAGES, 'bare sinks missed messages');
      return sample;
    },
  };
}

/** Polis: agents spawned on first use and kept in a long-lived system; messages sent from an endpoint. */
function polisAt(agents: number): Variant {
  const system = longLivedSystem();
  const messages = receivers(agents).ids.map(message);
  let hosts: Agent<typeof sink>[] | undefined;
  return {
    name: `polis-${agents}`,
    run() {
      hosts ??= Array.from({ length: agents }, (_, i) => system().spawn(sink, { id: sinkId(i) }));
      const sinks = hosts;
      const main = system().endpoint('main');
      const before = total(sinks.map((h) => counted(h.actor)));
      const sample = timed(MESSAGES, () => {
        for (const m of messages) main.send(m);
      });
      check(total(sinks.map((h) => counted(h.actor))) - before === MESSAGES, 'Polis sinks missed messages');
      return sample;
    },
  };
}

/** The bus alone: the same traffic into counting mailboxes, so only stamping, routing and queueing are timed. */
function busAt(agents: number): Variant {
  const system = longLivedSystem();
  const messages = receivers(agents).ids.map(message);
  let boxes: CountingMailbox[] | undefined;
  return {
    name: `bus-${agents}`,
    run() {
      if (boxes === undefined) {
        boxes = Array.from({ length: agents }, (_, i) => new CountingMailbox(sinkId(i)));
        for (const box of boxes) system().bus.register(box);
      }
      const mailboxes = boxes;
      const main = system().endpoint('main');
      const before = total(mailboxes.map((b) => b.count));
      const sample = timed(MESSAGES, () => {
        for (const m of messages) main.send(m);
      });
      check(total(mailboxes.map((b) => b.count)) - before === MESSAGES, 'mailboxes missed messages');
      return sample;
    },
  };
}

/**
 * The floor: a plain `Map.get` of the receiver and a touch of what it finds, the same random sequence. What
 * this costs more at 10,000 entries than at 10 is the memory hierarchy, which no router escapes.
 */
function floorAt(agents: number): Variant {
  const targets = receivers(agents).ids;
  const boxes = new Map(Array.from({ length: agents }, (_, i) => [sinkId(i), { count: 0 }]));
  return {
    name: `floor-${agents}`,
    run() {
      const before = total([...boxes.values()].map((b) => b.count));
      const sample = timed(MESSAGES, () => {
        for (const id of targets) boxes.get(id)!.count++;
      });
      check(total([...boxes.values()].map((b) => b.count)) - before === MESSAGES, 'the map missed messages');
      return sample;
    },
  };
}

function counted(actor: AnyActorRef): number {
  return actor.getSnapshot().context.count as number;
}

function total(counts: readonly number[]): number {
  return counts.reduce((sum, n) => sum + n, 0);
}

function scalingRow(samples: Samples, side: string, label: string, target: boolean): Row {
  const few = summarize(samples[`${side}-${FEW}`] ?? [], nsPerOp).median;
  const many = summarize(samples[`${side}-${MANY}`] ?? [], nsPerOp).median;
  const ratio = many / few;
  const decimals = side === 'floor' ? 1 : 0;
  const text = `${fmt(many, decimals)} vs ${fmt(few, decimals)}`;
  return {
    kernel: 'routing',
    measure: `${label}: ns/message with ${fmt(MANY)} agents vs ${FEW}`,
    bare: side === 'bare' || side === 'floor' ? text : '–',
    polis: side === 'bare' || side === 'floor' ? '–' : text,
    result: `${ratio.toFixed(2)} ×`,
    target: target ? `≤ ${TARGET_RATIO} ×` : '–',
    pass: target && Number.isFinite(ratio) ? ratio <= TARGET_RATIO : undefined,
  };
}

export const routing: Kernel = {
  name: 'routing',
  summary: `${MESSAGES.toLocaleString('en-US')} unicasts to seeded random receivers among ${FEW} or ${fmt(MANY)} agents`,
  run({ runs, warmup, only }) {
    const variants = [FEW, MANY].flatMap((n) => [bareAt(n), polisAt(n), busAt(n), floorAt(n)]);
    const samples = interleave(select(variants, only), { runs, warmup });
    const rows = [
      scalingRow(samples, 'bus', 'routing: the bus alone (counting mailboxes)', true),
      scalingRow(samples, 'polis', 'Polis agents, end to end', true),
      scalingRow(samples, 'bare', 'bare actors, actor.send', false),
      scalingRow(samples, 'floor', 'floor: Map.get of the receiver alone', false),
    ];
    return { rows, raw: { samples } };
  },
};
