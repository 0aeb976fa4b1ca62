/**
 * How fast an emergency halt takes hold with 10,000 agents: from the message whose count crosses a budget
 * tripwire's threshold to the bus being sealed (in deliveries and in wall time), and to every agent stopped
 * (with and without snapshots). The baseline is the bare work of stopping the same agents one by one.
 *
 *   node --expose-gc --max-semi-space-size=32 --import tsx bench/supervision-halt.ts [--agents=10000] [--runs=5]
 *   (plain `npx tsx bench/supervision-halt.ts` works too, with more noise from garbage collection)
 */
import { performance } from 'node:perf_hooks';
import {
  type AgentSystem,
  chatter,
  createSystem,
  InMemorySnapshotStore,
  supervise,
  VirtualClock,
} from '../src/index.js';
import { collectGarbage, median, parseArgv } from './harness.js';

const args = parseArgv(process.argv.slice(2)).flags;
const AGENTS = Number(args.get('agents') ?? 10_000);
const RUNS = Number(args.get('runs') ?? 5);
const ALLOCATION = 20;

interface HaltSample {
  readonly sealMs: number;
  readonly deliveriesBeforeSeal: number;
  /** Until every agent is stopped: inbox closed, `stopped` reported. */
  readonly stoppedMs: number;
  /** Until every actor is torn down too (XState stops them, cancelling their timers) and the report is made. */
  readonly releasedMs: number;
  readonly stopped: number;
  readonly deadLettered: number;
}

/** 10,000 chatters in a ring talking once a second, and one runaway whose rate grows until it trips. */
function world(): AgentSystem {
  const system = createSystem({ clock: new VirtualClock(), seed: 1 });
  const ids = Array.from({ length: AGENTS }, (_, i) => `agent-${i}`);
  ids.forEach((id, i) => {
    system.spawn(chatter, { id, input: { peers: [ids[(i + 1) % ids.length]!], everyMs: 1000 } });
  });
  return system;
}

function haltOnce(withStore: boolean): HaltSample {
  const system = world();
  let crossedAt = 0;
  let deliveredAtCross = 0;
  let sent = 0;
  let sealedAt = 0;
  let deliveredAtSeal = 0;
  let haltedAt = 0;
  let lastStoppedAt = 0;
  // Subscribed before supervision, so it sees the crossing message first.
  system.bus.published$.subscribe((e) => {
    if (e.sender !== 'runaway' || ++sent !== 2 * ALLOCATION) return;
    crossedAt = performance.now();
    deliveredAtCross = system.stats().delivered;
  });
  const seal = system.bus.seal.bind(system.bus);
  system.bus.seal = (reason, as) => {
    sealedAt = performance.now();
    deliveredAtSeal = system.stats().delivered;
    seal(reason, as);
  };
  system.lifecycle$.subscribe((r) => {
    if (r.event === 'stopped' && sealedAt > 0) lastStoppedAt = performance.now();
    if (r.event === 'halted') haltedAt = performance.now();
  });
  const supervision = supervise(system, {
    ...(withStore ? { store: new InMemorySnapshotStore() } : {}),
    budgets: { agents: { runaway: { messagesPerSecond: ALLOCATION } } },
    tripwires: [{ kind: 'budget' }],
    guard: { budgets: false },
  });
  system.run({ until: 2500 });
  system.spawn(chatter, {
    id: 'runaway',
    input: { peers: ['agent-0', 'agent-1'], everyMs: 10, burst: 1, growth: 1.5, maxBurst: 1000 },
  });
  system.run({ until: 2990 });
  // Measure the halt, not the collection of the garbage left by building 10,000 agents.
  collectGarbage();
  system.run({ until: 5000 });
  const report = supervision.haltReport;
  if (report === undefined) throw new Error('the tripwire did not fire');
  return {
    sealMs: sealedAt - crossedAt,
    deliveriesBeforeSeal: deliveredAtSeal - deliveredAtCross,
    stoppedMs: lastStoppedAt - crossedAt,
    releasedMs: haltedAt - crossedAt,
    stopped: report.agentsStopped,
    deadLettered: report.deadLetteredOnHalt,
  };
}

/** The bare work of a halt: stop every agent, one by one (close, stop the actor), nothing else. */
function bareStop(): number {
  const system = world();
  system.run({ until: 2500 });
  collectGarbage();
  const t0 = performance.now();
  for (const agent of system.agents()) system.stopAgent(agent.id, 'bare stop');
  return performance.now() - t0;
}

function main(): void {
  haltOnce(false);
  bareStop();
  const plain: HaltSample[] = [];
  const stored: HaltSample[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(haltOnce(false));
    stored.push(haltOnce(true));
    bare.push(bareStop());
  }
  const ms = (samples: HaltSample[], pick: (s: HaltSample) => number) => median(samples.map(pick));
  const line = (name: string, samples: HaltSample[]) =>
    `| ${name} | ${ms(samples, (s) => s.deliveriesBeforeSeal)} | ${(ms(samples, (s) => s.sealMs) * 1000).toFixed(0)} µs | ${ms(samples, (s) => s.stoppedMs).toFixed(1)} ms | ${ms(samples, (s) => s.releasedMs).toFixed(1)} ms (${(ms(samples, (s) => s.releasedMs) / median(bare)).toFixed(2)}× bare) | ${samples[0]!.stopped} |`;
  console.log(
    `emergency halt, ${AGENTS} agents + 1 runaway, median of ${RUNS} runs (Node ${process.version})`,
  );
  console.log(
    '| halt | deliveries between crossing and seal | crossing → sealed | crossing → all agents stopped | crossing → all actors torn down, report made | agents |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(line('no store', plain));
  console.log(line('with snapshot store', stored));
  console.log(
    `| bare: \`stopAgent\` ${AGENTS} agents one by one | — | — | — | ${median(bare).toFixed(1)} ms (1.00×) | ${AGENTS} |`,
  );
}

main();
