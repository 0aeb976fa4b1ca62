import {
  type AgentSystem,
  chatter,
  conservationHolds,
  createSystem,
  InMemorySnapshotStore,
  type Measurement,
  type SupervisionOptions,
  type SystemOptions,
  supervise,
  type TripwireKind,
  VirtualClock,
} from '../index.js';
import { defineScenario, type ScenarioContext } from './scenario.js';

/** One tripwire's demonstration: did it fire, on what, and did the halt hold. */
export interface ShutdownPhase {
  readonly tripwire: string;
  readonly kind: TripwireKind;
  readonly story: string;
  readonly fired: boolean;
  /** The tripwire that actually fired, if another did. */
  readonly firedBy: string | undefined;
  readonly at: number | undefined;
  readonly measurement: Measurement | undefined;
  readonly reason: string | undefined;
  readonly agentsStopped: number;
  readonly snapshotsTaken: number;
  readonly deadLetteredOnHalt: number;
  /** Messages delivered between the halt and the resume: must be 0. */
  readonly deliveredAfterHalt: number;
  /** State transitions agents took between the halt and the resume: must be 0. */
  readonly stepsAfterHalt: number;
  /** The operator resumed, and every agent not quarantined is running again. */
  readonly resumed: boolean;
  readonly quarantined: readonly string[];
  readonly conserved: boolean;
}

/** What `polis run shutdown` reports. */
export interface ShutdownReport {
  readonly scenario: 'shutdown';
  readonly seed: number;
  readonly phases: readonly ShutdownPhase[];
  readonly passed: boolean;
}

interface PhasePlan {
  readonly tripwire: string;
  readonly kind: TripwireKind;
  readonly story: string;
  readonly options: SupervisionOptions;
  /** Spawns the agents; `act` schedules what happens to them (crashes, heartbeats, the stop button). */
  readonly setup: (system: AgentSystem, act: PhaseActions) => void;
}

type InspectionEventLike = Parameters<NonNullable<SystemOptions['inspect']>>[0];

interface PhaseActions {
  heartbeat(): void;
  pressStop(reason: string): void;
}

const LIMIT_MS = 20_000;
const STEP_MS = 250;

/** Steady background talk: `count` chatters in a ring, one message each every 200 ms. */
function ring(system: AgentSystem, prefix: string, count: number): string[] {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  ids.forEach((id, i) => {
    system.spawn(chatter, { id, input: { peers: [ids[(i + 1) % count]!], everyMs: 200 } });
  });
  return ids;
}

const PHASES: readonly PhasePlan[] = [
  {
    tripwire: 'runaway-agent',
    kind: 'budget',
    story: 'one agent’s sending rate keeps growing until it uses twice its allocation of 20 messages/s',
    options: {
      budgets: { default: { messagesPerSecond: 20 } },
      tripwires: [{ kind: 'budget', name: 'runaway-agent', factor: 2 }],
      guard: { budgets: false },
    },
    setup: (system) => {
      const peers = ring(system, 'worker', 4);
      system.spawn(chatter, { id: 'runaway', input: { peers, everyMs: 100, growth: 1.25, maxBurst: 100 } });
    },
  },
  {
    tripwire: 'cartel',
    kind: 'coalition',
    story: '8 of 10 agents cast the same vote to the same agent, in lockstep',
    options: { tripwires: [{ kind: 'coalition', name: 'cartel', share: 0.8 }] },
    setup: (system) => {
      const honest = ring(system, 'honest', 2);
      for (let i = 1; i <= 8; i++) {
        system.spawn(chatter, {
          id: `bloc-${i}`,
          input: { peers: [honest[0]!], everyMs: 100, says: { kind: 'vote', ballot: 'b1', value: 'yes' } },
        });
      }
    },
  },
  {
    tripwire: 'flash-flood',
    kind: 'message-rate',
    story: 'traffic jumps from ~30 to ~500 messages a second when a surge starts at 3 s',
    options: {
      tripwires: [{ kind: 'message-rate', name: 'flash-flood', growth: 10, minMessages: 200 }],
    },
    setup: (system) => {
      const peers = ring(system, 'worker', 6);
      system.clock.setTimeout(
        () => system.spawn(chatter, { id: 'surge', input: { peers, everyMs: 100, burst: 50 } }),
        3000,
      );
    },
  },
  {
    tripwire: 'crash-loop',
    kind: 'restart-intensity',
    story:
      'an agent crashes every 500 ms; its supervisor allows 3 restarts in 10 s, then gives up at the top',
    options: {
      tree: {
        id: 'root',
        strategy: 'one-for-one',
        intensity: { maxRestarts: 3, withinMs: 10_000 },
        backoff: { initialMs: 50, factor: 2, maxMs: 1000, jitter: 0.2 },
        children: ['fragile', 'worker-1', 'worker-2'],
      },
      tripwires: [{ kind: 'restart-intensity', name: 'crash-loop' }],
    },
    setup: (system) => {
      system.spawn(chatter, { id: 'fragile', input: { peers: ['worker-1'], everyMs: 100 } });
      ring(system, 'worker', 2);
      const crash = () => {
        if (system.agent('fragile')?.status === 'running')
          system.failAgent('fragile', new Error('segfault in plugin'));
        if (!system.bus.sealed) system.clock.setTimeout(crash, 500);
      };
      system.clock.setTimeout(crash, 500);
    },
  },
  {
    tripwire: 'operator-heartbeat',
    kind: 'dead-mans-switch',
    story: 'the operator sends a heartbeat every second, then goes silent at 5 s; the switch allows 3 s',
    options: {
      tripwires: [{ kind: 'dead-mans-switch', name: 'operator-heartbeat', timeoutMs: 3000 }],
    },
    setup: (system, act) => {
      ring(system, 'worker', 4);
      for (let t = 1000; t <= 5000; t += 1000) system.clock.setTimeout(() => act.heartbeat(), t);
    },
  },
  {
    tripwire: 'big-red-button',
    kind: 'kill-switch',
    story: 'the operator presses stop at 2.5 s',
    options: { tripwires: [{ kind: 'kill-switch', name: 'big-red-button' }] },
    setup: (system, act) => {
      ring(system, 'worker', 4);
      system.clock.setTimeout(() => act.pressStop('the operator saw something odd'), 2500);
    },
  },
];

async function runPhase(plan: PhasePlan, seed: number, context: ScenarioContext): Promise<ShutdownPhase> {
  let counting = false;
  let steps = 0;
  const outer = context.systemOptions.inspect;
  // A step is an event an agent starts to process. Stopping is not a step; neither is finishing the one it
  // was in the middle of when the halt came (JavaScript cannot interrupt it).
  const inspect = (event: InspectionEventLike) => {
    if (counting && event.type === '@xstate.event' && event.event.type !== 'xstate.stop') steps++;
    outer?.(event);
  };
  const clock = new VirtualClock();
  const system = createSystem({ ...context.systemOptions, clock, seed, inspect });
  context.attach(system);
  const store = new InMemorySnapshotStore();
  // Chatters run on timers, which XState does not keep in snapshots: resume them fresh.
  const supervision = supervise(system, { store, resumeFrom: 'fresh', ...plan.options });
  context.attachSupervision?.(supervision);
  let deliveredAtHalt = 0;
  system.lifecycle$.subscribe((record) => {
    if (record.event !== 'halted') return;
    counting = true;
    deliveredAtHalt = system.stats().delivered;
  });
  plan.setup(system, {
    heartbeat: () => supervision.controls.heartbeat(),
    pressStop: (reason) => supervision.controls.halt(reason),
  });
  for (let until = STEP_MS; until <= LIMIT_MS && !supervision.halted; until += STEP_MS) {
    await context.drive(system, { until });
  }
  const report = supervision.haltReport;
  if (report !== undefined) await context.drive(system, { until: clock.now() + 5000 });
  const deliveredAfterHalt = report === undefined ? 0 : system.stats().delivered - deliveredAtHalt;
  counting = false;
  let resumed = false;
  let quarantined: readonly string[] = [];
  if (report !== undefined) {
    const record = supervision.controls.resume(`reviewed the '${report.tripwire}' halt`);
    quarantined = record.quarantined;
    const before = system.stats().delivered;
    await context.drive(system, { until: clock.now() + 1000 });
    const running = system.agents().every((a) => a.status === 'running' || quarantined.includes(a.id));
    resumed = running && system.stats().delivered > before;
  }
  supervision.stop();
  const stats = await system.stop({ drain: false });
  return {
    tripwire: plan.tripwire,
    kind: plan.kind,
    story: plan.story,
    fired: report?.tripwire === plan.tripwire,
    firedBy: report?.tripwire,
    at: report?.at,
    measurement: report?.measurement,
    reason: report?.reason,
    agentsStopped: report?.agentsStopped ?? 0,
    snapshotsTaken: report?.snapshotsTaken ?? 0,
    deadLetteredOnHalt: report?.deadLetteredOnHalt ?? 0,
    deliveredAfterHalt,
    stepsAfterHalt: steps,
    resumed,
    quarantined,
    conserved: conservationHolds(stats),
  };
}

const phaseOk = (p: ShutdownPhase) =>
  p.fired && p.deliveredAfterHalt === 0 && p.stepsAfterHalt === 0 && p.resumed && p.conserved;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function formatShutdown(report: ShutdownReport): string {
  const lines = [`Emergency shutdown — seed ${report.seed}: each tripwire, fired and held`, ''];
  for (const p of report.phases) {
    lines.push(`${phaseOk(p) ? '✓' : '✗'} ${p.tripwire} (${p.kind}) — ${p.story}`);
    if (!p.fired) {
      lines.push(`  did NOT fire${p.firedBy === undefined ? '' : ` ('${p.firedBy}' fired instead)`}`, '');
      continue;
    }
    const m = p.measurement!;
    lines.push(
      `  fired at ${(p.at! / 1000).toFixed(3)} s: ${m.metric} = ${fmt(m.value)} (threshold ${fmt(m.threshold)})`,
      `  reason   ${p.reason}`,
      `  halt     bus sealed first, ${p.deadLetteredOnHalt} queued messages dead-lettered as halted; ${p.agentsStopped} agents stopped, ${p.snapshotsTaken} snapshotted`,
      `  held     ${p.deliveredAfterHalt} deliveries and ${p.stepsAfterHalt} agent steps in the 5 s after the halt`,
      `  resume   ${p.resumed ? 'by the operator, with a reason: agents running and talking again' : 'FAILED'}${p.quarantined.length > 0 ? `; quarantined: ${p.quarantined.join(', ')}` : ''}`,
      `  messages ${p.conserved ? 'every one delivered or dead-lettered with a reason' : 'NOT conserved'}`,
      '',
    );
  }
  lines.push(
    report.passed ? 'all tripwires fired and every halt held' : 'SOME TRIPWIRES DID NOT FIRE OR HOLD',
  );
  return lines.join('\n');
}

/**
 * `polis run shutdown`: one small system per tripwire of the emergency-shutdown policy, driven until it
 * fires; each halt report shows the tripwire, the measurement against its threshold, what was stopped, and
 * that nothing moved until the operator resumed.
 */
export const shutdown = defineScenario({
  name: 'shutdown',
  summary: 'each emergency-shutdown tripwire firing, with its halt report',
  flags: [] as const,
  async run(_options, context): Promise<ShutdownReport> {
    const phases: ShutdownPhase[] = [];
    for (const [i, plan] of PHASES.entries()) {
      phases.push(await runPhase(plan, context.seed, context));
      context.progress(i + 1, PHASES.length);
    }
    return { scenario: 'shutdown', seed: context.seed, phases, passed: phases.every(phaseOk) };
  },
  format: formatShutdown,
  passed: (report) => report.passed,
});
