import {
  type AgentSystem,
  CHAOS_FAULTS,
  type ChaosFaultName,
  type ChaosStep,
  chaosSchedule,
  conservationHolds,
  createSystem,
  type DeadLetterReason,
  type FaultOutcome,
  PAYLOAD_FAULTS,
  supervise,
  type TaskOutcomeContent,
  VirtualClock,
} from '../index.js';
import { planMarket } from './market-plan.js';
import { defineScenario, type ScenarioContext } from './scenario.js';
import { type OpenMarket, openMarket } from './task-market.js';

/** One fault in one phase: injected, noticed (by what), recovered from, and what it cost the market. */
export interface ChaosFaultRow {
  readonly name: ChaosFaultName;
  /** The fault's own phase, or `all` for the phase where every fault runs together. */
  readonly phase: string;
  /** It was applied (a fault whose target is gone is not). */
  readonly injected: boolean;
  /** Messages or agents it touched: 0 when nothing came its way while it was active. */
  readonly touched: number;
  readonly detected: boolean;
  readonly detectedBy: readonly string[];
  readonly recovered: boolean;
  /** Why not, when not. */
  readonly unrecovered?: string;
  /**
   * Tasks whose contract net recorded a failure by an agent this fault targeted or brought in (in the
   * `all` phase, faults that share targets share these).
   */
  readonly tasksAffected: number;
  readonly targets: readonly string[];
  readonly at: number;
}

/** The tasks of a phase (or of the whole run): every one ends completed or failed with a reason. */
export interface ChaosTasks {
  readonly announced: number;
  readonly completed: number;
  readonly failed: number;
  readonly reannouncements: number;
  /** Tasks that never ended: must be 0. */
  readonly lost: number;
}

export interface ChaosMessages {
  readonly published: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly inFlight: number;
}

/** One phase: a fresh market run under one fault, or under all of them. */
export interface ChaosPhase {
  readonly name: string;
  readonly tasks: ChaosTasks;
  readonly messages: ChaosMessages;
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>;
  /** Tasks re-announced or failed; compare with the `baseline` phase, which runs the same market without faults. */
  readonly tasksAffected: number;
  readonly failureReasons: Readonly<Record<string, number>>;
  /** Every message delivered or dead-lettered with a reason, none in flight at the end. */
  readonly conserved: boolean;
  readonly halted: boolean;
  readonly simulatedSeconds: number;
}

/** What `polis run chaos` reports; `--json` prints exactly this. */
export interface ChaosReport {
  readonly scenario: 'chaos';
  readonly seed: number;
  readonly bidders: number;
  readonly faults: readonly ChaosFaultRow[];
  readonly phases: readonly ChaosPhase[];
  readonly tasks: ChaosTasks;
  readonly messages: ChaosMessages;
  readonly conserved: boolean;
  readonly passed: boolean;
}

interface PhaseShape {
  readonly agents: number;
  readonly tasks: number;
  readonly managers: number;
}

/** Simulated ms between progress checks, and the most a phase may take. */
const STEP_MS = 2_000;
const LIMIT_MS = 600_000;
/** Every bidder may send this many messages a second; Sybil floods go far over it. */
const MESSAGES_PER_SECOND = 150;

/** The faults of one phase, on the market's bidders. A lone fault starts at 1 s and lasts 4 s. */
function scheduleFor(
  faults: readonly ChaosFaultName[],
  bidders: readonly string[],
  seed: number,
): ChaosStep[] {
  const together = faults.length > 1;
  return chaosSchedule({
    seed,
    faults,
    candidates: bidders,
    startMs: together ? 500 : 1000,
    everyMs: together ? 300 : 1000,
    durationMs: together ? 3000 : 4000,
    blastRadius: { maxShare: 0.25 },
    targets: { drop: 3, delay: 3, duplicate: 3, reorder: 3, corrupt: 3, partition: 3 },
  });
}

async function runPhase(
  name: string,
  faults: readonly ChaosFaultName[],
  shape: PhaseShape,
  seed: number,
  context: ScenarioContext,
): Promise<{ phase: ChaosPhase; rows: ChaosFaultRow[] }> {
  const plan = planMarket(
    {
      agents: shape.agents,
      tasks: shape.tasks,
      managers: shape.managers,
      maxFailureRate: 0,
      meanInterval: 400,
    },
    seed,
  );
  const system = createSystem({ ...context.systemOptions, clock: new VirtualClock(), seed });
  context.attach(system);
  const market = openMarket(system, plan);
  const bidders = plan.bidders.map((b) => b.id);
  const supervision = supervise(system, {
    tree: {
      id: 'bidders',
      strategy: 'one-for-one',
      intensity: { maxRestarts: 50, withinMs: 10_000 },
      backoff: { initialMs: 20, factor: 2, maxMs: 2000, jitter: 0.2 },
      children: bidders,
    },
    budgets: { default: { messagesPerSecond: MESSAGES_PER_SECOND } },
    circuits: { cooldownMs: 3000 },
    ...(faults.length === 0
      ? {}
      : {
          chaos: {
            steps: scheduleFor(faults, bidders, seed),
            settings: { probability: 0.5, sybilEveryMs: 20, delayMs: [200, 900], reorderHoldMs: 600 },
            enabled: true,
          },
        }),
  });
  context.attachSupervision?.(supervision);
  await drive(system, market, context);
  const outcomes = supervision.chaosObserver?.outcomes() ?? [];
  const halted = supervision.halted;
  supervision.stop();
  await context.drive(system);
  const stats = system.stats();
  const phase = phaseReport(name, system, market, halted);
  const rows = outcomes.map((o) => faultRow(o, name, market, phase.tasks.lost));
  await system.stop({ drain: false });
  return { phase: { ...phase, conserved: phase.conserved && conservationHolds(stats) }, rows };
}

/** Drives the market until every task has ended (or the time limit, which counts the rest as lost). */
async function drive(system: AgentSystem, market: OpenMarket, context: ScenarioContext): Promise<void> {
  for (let until = STEP_MS; until <= LIMIT_MS && !market.settled(); until += STEP_MS) {
    const report = await context.drive(system, { until });
    if (report.idle && market.announced() === market.plan.tasks.length) break;
  }
}

function phaseReport(name: string, system: AgentSystem, market: OpenMarket, halted: boolean): ChaosPhase {
  const outcomes = [...market.outcomes.values()];
  const failureReasons: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.status === 'completed') continue;
    const reason = o.reason ?? o.status;
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  }
  const stats = system.stats();
  const { published, delivered, deadLettered, inFlight } = stats;
  return {
    name,
    tasks: {
      announced: market.announced(),
      completed: outcomes.filter((o) => o.status === 'completed').length,
      failed: outcomes.filter((o) => o.status !== 'completed').length,
      reannouncements: outcomes.reduce((sum, o) => sum + o.rounds - 1, 0),
      lost: market.plan.tasks.length - outcomes.length,
    },
    messages: { published, delivered, deadLettered, inFlight },
    deadLetters: stats.deadLettersByReason,
    tasksAffected: outcomes.filter((o) => o.status !== 'completed' || o.rounds > 1).length,
    failureReasons,
    conserved: conservationHolds(stats) && inFlight === 0,
    halted,
    simulatedSeconds: Math.round(system.clock.now()) / 1000,
  };
}

function faultRow(outcome: FaultOutcome, phase: string, market: OpenMarket, lost: number): ChaosFaultRow {
  // Hostile payloads refused at the boundary reach no one; their targets are only their addressees.
  const reachedNoOne = PAYLOAD_FAULTS.has(outcome.fault);
  const involved = new Set(reachedNoOne ? [] : [...outcome.targets, ...outcome.agents]);
  const touchedBy = (o: TaskOutcomeContent) => o.failures.some((f) => involved.has(f.agent));
  const recovered = outcome.recovered && lost === 0;
  return {
    name: outcome.fault,
    phase,
    injected: outcome.applied,
    touched: outcome.injected,
    detected: outcome.detected,
    detectedBy: outcome.detectedBy,
    recovered,
    ...(recovered ? {} : { unrecovered: outcome.unrecovered ?? `${lost} tasks never ended` }),
    tasksAffected: [...market.outcomes.values()].filter(touchedBy).length,
    targets: [...outcome.targets, ...outcome.agents],
    at: outcome.injectedAt,
  };
}

function sum<T extends object>(
  items: readonly T[],
  pick: (item: T) => Readonly<Record<string, number>>,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const item of items) for (const [k, v] of Object.entries(pick(item))) total[k] = (total[k] ?? 0) + v;
  return total;
}

const yes = (b: boolean) => (b ? 'yes' : 'NO ');

function formatChaos(r: ChaosReport): string {
  const lines = [
    `Chaos on the task market — seed ${r.seed}, ${r.bidders} bidders: a baseline without faults, each fault alone, then all together`,
    '',
    '  fault          phase          injected  touched  detected  recovered  tasks hit  detected by',
  ];
  for (const f of r.faults) {
    lines.push(
      `  ${f.name.padEnd(14)} ${f.phase.padEnd(14)} ${yes(f.injected).padEnd(9)} ${String(f.touched).padStart(7)}  ${yes(f.detected).padEnd(9)} ${yes(f.recovered).padEnd(10)} ${String(f.tasksAffected).padStart(9)}  ${f.detectedBy.join('; ') || '—'}${f.unrecovered === undefined ? '' : `  (${f.unrecovered})`}`,
    );
  }
  lines.push(
    '',
    '  phase          tasks done/failed/lost  re-announced  affected  messages published → delivered + dead-lettered  conserved',
  );
  for (const p of r.phases) {
    const t = p.tasks;
    const m = p.messages;
    lines.push(
      `  ${p.name.padEnd(14)} ${`${t.completed}/${t.failed}/${t.lost}`.padEnd(23)} ${String(t.reannouncements).padStart(12)}  ${String(p.tasksAffected).padStart(8)}  ${`${m.published} → ${m.delivered} + ${m.deadLettered}`.padEnd(45)}  ${p.conserved ? 'yes' : 'NO'}${p.halted ? ' (halted)' : ''}`,
    );
  }
  const t = r.tasks;
  lines.push(
    '',
    `  tasks     announced ${t.announced} · completed ${t.completed} · failed with a reason ${t.failed} · lost ${t.lost}`,
    `  messages  published ${r.messages.published} · delivered ${r.messages.delivered} · dead-lettered ${r.messages.deadLettered} · in flight ${r.messages.inFlight} ${r.conserved ? '(conserved)' : '(NOT conserved)'}`,
    r.passed
      ? '  every task ended, every message is accounted for'
      : '  FAILED: tasks lost or messages unaccounted for',
  );
  return lines.join('\n');
}

/**
 * `polis run chaos`: the task market without faults (the baseline), then under every chaos fault, one phase
 * each, then all together, with a supervisor restarting bidders, budgets and the livelock guard on, and the chaos observer judging each
 * fault. It passes when every task ends (completed, or failed with a reason) and every message is
 * delivered or dead-lettered with a reason, in every phase.
 */
export const chaos = defineScenario({
  name: 'chaos',
  summary: 'the task market under every chaos fault, one at a time and all together',
  flags: [
    {
      name: 'faults',
      kind: 'list',
      description: 'faults to run, comma-separated',
      default: CHAOS_FAULTS,
      choices: CHAOS_FAULTS,
    },
    {
      name: 'agents',
      kind: 'integer',
      description: 'bidders in each market',
      default: 20,
      min: 4,
      max: 10_000,
    },
    {
      name: 'tasks',
      kind: 'integer',
      description: 'tasks announced in each phase',
      default: 40,
      min: 1,
      max: 100_000,
    },
    {
      name: 'managers',
      kind: 'integer',
      description: 'managers announcing tasks',
      default: 2,
      min: 1,
      max: 100,
    },
  ] as const,
  async run(options, context): Promise<ChaosReport> {
    const faults = options.faults as readonly ChaosFaultName[];
    const shape: PhaseShape = { agents: options.agents, tasks: options.tasks, managers: options.managers };
    // The same market without faults first: what it does anyway is not the chaos's doing.
    const phases: Array<[string, readonly ChaosFaultName[]]> = [
      ['baseline', []],
      ...faults.map((f): [string, ChaosFaultName[]] => [f, [f]]),
    ];
    if (faults.length > 1) phases.push(['all', faults]);
    const reports: ChaosPhase[] = [];
    const rows: ChaosFaultRow[] = [];
    for (const [i, [name, list]] of phases.entries()) {
      const { phase, rows: faultRows } = await runPhase(name, list, shape, context.seed, context);
      reports.push(phase);
      rows.push(...faultRows);
      context.progress(i + 1, phases.length);
    }
    const tasks = sum(reports, (p) => ({ ...p.tasks })) as unknown as ChaosTasks;
    const messages = sum(reports, (p) => ({ ...p.messages })) as unknown as ChaosMessages;
    const conserved = reports.every((p) => p.conserved);
    return {
      scenario: 'chaos',
      seed: context.seed,
      bidders: options.agents,
      faults: rows,
      phases: reports,
      tasks,
      messages,
      conserved,
      passed: conserved && tasks.lost === 0 && reports.every((p) => !p.halted),
    };
  },
  format: formatChaos,
  passed: (report) => report.passed,
});
