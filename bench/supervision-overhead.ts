/**
 * What supervision costs the task market: the same seeded market run bare, with the taps only (the metrics
 * sampler counting every message), supervised (supervision tree over the bidders, budgets on every agent,
 * the livelock and budget guard, budget and message-rate tripwires that never fire), and supervised with a
 * coalition tripwire too (which fingerprints every message). Throughput is messages
 * delivered per second of this process's CPU time (steadier than wall time on a shared machine); runs are
 * interleaved and the median is reported.
 *
 *   node --max-semi-space-size=32 --import tsx bench/supervision-overhead.ts [--runs=7] [--tasks=3000] [--agents=50]
 */
import { Subject } from 'rxjs';
import {
  type Agent,
  createSystem,
  type Envelope,
  LivelockDetector,
  MetricsSampler,
  type SamplerOptions,
  type SupervisionOptions,
  type SupervisionPort,
  supervise,
  VirtualClock,
} from '../src/index.js';
import { planMarket } from '../src/scenarios/market-plan.js';
import { openMarket } from '../src/scenarios/task-market.js';
import { median, parseArgv, time } from './harness.js';

const args = parseArgv(process.argv.slice(2)).flags;
const RUNS = Number(args.get('runs') ?? 7);
const TASKS = Number(args.get('tasks') ?? 3000);
const AGENTS = Number(args.get('agents') ?? 50);

type Variant = 'bare' | 'taps' | 'supervised' | 'supervised+coalition';

function options(variant: Variant, bidders: readonly string[]): SupervisionOptions | undefined {
  switch (variant) {
    case 'bare':
      return undefined;
    case 'taps':
      return { guard: false };
    case 'supervised':
      return {
        tree: { id: 'bidders', strategy: 'one-for-one', children: bidders },
        budgets: { default: { messagesPerSecond: 100_000, mailboxDepth: 100_000 } },
        tripwires: [{ kind: 'budget' }, { kind: 'message-rate', growth: 1000, minMessages: 10_000_000 }],
      };
    case 'supervised+coalition':
      return {
        tree: { id: 'bidders', strategy: 'one-for-one', children: bidders },
        budgets: { default: { messagesPerSecond: 100_000, mailboxDepth: 100_000 } },
        tripwires: [
          { kind: 'budget' },
          { kind: 'coalition', share: 0.99 },
          { kind: 'message-rate', growth: 1000, minMessages: 10_000_000 },
        ],
      };
  }
}

function runOnce(variant: Variant): { ms: number; delivered: number } {
  const plan = planMarket(
    { agents: AGENTS, tasks: TASKS, managers: 4, maxFailureRate: 0.1, meanInterval: 200 },
    7,
  );
  const system = createSystem({ clock: new VirtualClock(), seed: 7 });
  const { ms, value: supervision } = time(() => {
    openMarket(system, plan);
    const o = options(
      variant,
      plan.bidders.map((b) => b.id),
    );
    const supervised = o === undefined ? undefined : supervise(system, o);
    system.run();
    return supervised;
  });
  if (supervision?.halted === true)
    throw new Error(`supervision halted the market: ${supervision.haltReport?.reason}`);
  supervision?.stop();
  return { ms, delivered: system.stats().delivered };
}

function main(): void {
  const variants: Variant[] = ['bare', 'taps', 'supervised', 'supervised+coalition'];
  for (const v of variants) runOnce(v);
  const rates: Record<Variant, number[]> = { bare: [], taps: [], supervised: [], 'supervised+coalition': [] };
  let delivered = 0;
  for (let i = 0; i < RUNS; i++) {
    for (const v of variants) {
      const r = runOnce(v);
      if (v === 'bare') delivered = r.delivered;
      else if (r.delivered !== delivered)
        throw new Error(`${v} delivered ${r.delivered}, bare ${delivered}: supervision changed the run`);
      rates[v].push(r.delivered / (r.ms / 1000));
    }
  }
  const bare = median(rates.bare);
  console.log(
    `task market, ${AGENTS} bidders, ${TASKS} tasks, ${delivered} messages per run; median of ${RUNS} interleaved runs (Node ${process.version})`,
  );
  console.log('| variant | messages per CPU second | vs bare | overhead |');
  console.log('|---|---|---|---|');
  for (const v of variants) {
    const rate = median(rates[v]);
    console.log(
      `| ${v} | ${Math.round(rate).toLocaleString('en-US')} | ${(rate / bare).toFixed(3)}× | ${((1 - rate / bare) * 100).toFixed(1)} % |`,
    );
  }
}

/**
 * The taps' own cost per message, without XState around it: 1,000,000 synthetic envelopes among 100 agents
 * pushed through `published$`, with a bare subscriber as the baseline.
 */
function perMessage(): void {
  let now = 0;
  const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
  const agents = new Map<string, Agent>();
  for (let i = 0; i < 100; i++) {
    agents.set(`a${i}`, {
      id: `a${i}`,
      status: 'running',
      received: 0,
      depth: 0,
      capabilities: [],
    } as unknown as Agent);
  }
  const envelopes: Envelope[] = Array.from({ length: 100_000 }, (_, i) => ({
    id: `e${i}`,
    performative: 'propose',
    sender: `a${i % 100}`,
    receiver: `a${(i * 7 + 3) % 100}`,
    content: { kind: 'bid', taskId: `t${i}`, price: i / 2, eta: 300 },
    priority: 'normal',
    sentAt: 0,
  }));
  const budgets = { default: { messagesPerSecond: 1e9, mailboxDepth: 1e9 } };
  const configs: Array<[string, SamplerOptions | undefined]> = [
    ['bare subscriber', undefined],
    ['taps', {}],
    ['+ budgets', { budgets }],
    ['+ livelock detector', { budgets, livelock: new LivelockDetector() }],
    ['+ coalition tracking', { budgets, livelock: new LivelockDetector(), coalitions: {} }],
  ];
  const results = new Map<string, number[]>();
  for (let round = 0; round < 5; round++) {
    for (const [name, options] of configs) {
      const published$ = new Subject<Envelope>();
      const port = {
        clock,
        published$,
        lifecycle$: new Subject(),
        agents: () => [],
        agent: (id: string) => agents.get(id),
        stats: () => ({ published: 0, delivered: 0, deadLettered: 0, inFlight: 0 }),
      } as unknown as SupervisionPort;
      if (options === undefined) published$.subscribe(() => {});
      else new MetricsSampler(port, options).watchBudgets({ ratio: 1, strict: true, onCross: () => {} });
      const t0 = performance.now();
      for (let r = 0; r < 10; r++) {
        for (let i = 0; i < envelopes.length; i++) {
          now = r * 1e6 + i / 100;
          published$.next(envelopes[i]!);
        }
      }
      const ns = ((performance.now() - t0) * 1e6) / (10 * envelopes.length);
      results.set(name, [...(results.get(name) ?? []), ns]);
    }
  }
  console.log('\nper message, synthetic traffic among 100 agents (median of 5 × 1,000,000)');
  console.log('| taps configuration | ns per message |');
  console.log('|---|---|');
  for (const [name] of configs) console.log(`| ${name} | ${Math.round(median(results.get(name)!))} |`);
}

main();
perMessage();
