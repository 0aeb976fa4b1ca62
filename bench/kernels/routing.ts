import type { AnyActorRef } from 'xstate';
import type { Message } from '../../src/protocol/outbound.js';
import { createRng } from '../../src/protocol/random.js';
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
import { bareSink, CountingMailbox, counted, sink, sinkId } from '../sink.js';

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
      actors ??= Array.from({ length: agents }, (_, i) => bareSink(sinkId(i)));
      const targets = actors;
      const before = counted(targets);
      const sample = timed(MESSAGES, () => {
        for (let i = 0; i < MESSAGES; i++) {
          targets[indexes[i]!]!.send({ type: 'inform', sender: 'main', content: TICK });
        }
      });
      check(counted(targets) - before === MESSAGES, 'bare sinks missed messages');
      return sample;
    },
  };
}

/** Polis: agents spawned on first use and kept in a long-lived system; messages sent from an endpoint. */
function polisAt(agents: number): Variant {
  const system = longLivedSystem();
  const messages = receivers(agents).ids.map(message);
  let actors: AnyActorRef[] | undefined;
  return {
    name: `polis-${agents}`,
    run() {
      actors ??= Array.from({ length: agents }, (_, i) => system().spawn(sink, { id: sinkId(i) }).actor);
      const sinks = actors;
      const main = system().endpoint('main');
      const before = counted(sinks);
      const sample = timed(MESSAGES, () => {
        for (const m of messages) main.send(m);
      });
      check(counted(sinks) - before === MESSAGES, 'Polis sinks missed messages');
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
      const before = countedIn(mailboxes);
      const sample = timed(MESSAGES, () => {
        for (const m of messages) main.send(m);
      });
      check(countedIn(mailboxes) - before === MESSAGES, 'mailboxes missed messages');
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
      const before = countedIn(boxes.values());
      const sample = timed(MESSAGES, () => {
        for (const id of targets) boxes.get(id)!.count++;
      });
      check(countedIn(boxes.values()) - before === MESSAGES, 'the map missed messages');
      return sample;
    },
  };
}

function countedIn(boxes: Iterable<{ readonly count: number }>): number {
  let sum = 0;
  for (const box of boxes) sum += box.count;
  return sum;
}

function scalingRow(samples: Samples, side: string, label: string, target: boolean): Row {
  const few = medianOf(samples, `${side}-${FEW}`, nsPerOp);
  const many = medianOf(samples, `${side}-${MANY}`, nsPerOp);
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
