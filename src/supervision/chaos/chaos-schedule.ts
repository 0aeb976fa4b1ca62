import type { AgentId } from '../../protocol/ids.js';
import { createRng, seedFrom } from '../../protocol/random.js';
import type { ChaosFaultName, ChaosStep } from '../../protocol/supervision-content.js';
import { SupervisionConfigError } from '../supervision-errors.js';
import { chaosFaults } from './catalog.js';

/** The most agents faults may touch at once: a count, a share of the candidates, or both (the smaller wins). */
export interface BlastRadius {
  readonly maxAgents?: number;
  readonly maxShare?: number;
}

export interface ChaosScheduleOptions {
  readonly seed: number | string;
  /** The faults, in the order they are injected; repeat a name to inject it again. */
  readonly faults: readonly ChaosFaultName[];
  /** The agents faults may target, in a stable order (e.g. spawn order). */
  readonly candidates: readonly AgentId[];
  /** When the first fault comes, in ms after chaos is switched on. Default 0. */
  readonly startMs?: number;
  /** ms between two faults; each is moved by up to a quarter of it, at random. Default 1000. */
  readonly everyMs?: number;
  /** How long each fault stays active (ms). Default 500. */
  readonly durationMs?: number;
  /** Default: one agent. */
  readonly blastRadius?: BlastRadius;
  /** Targets per fault, overriding each fault's default (still capped by the blast radius). */
  readonly targets?: Partial<Record<ChaosFaultName, number>>;
}

/**
 * A seeded schedule of faults. The same options give the same steps — same faults, same times, same
 * targets, same seeds for the faults' own choices — so a chaos run can be replayed exactly. Targets are
 * drawn from the candidates so that the agents touched by faults active at the same time never exceed the
 * blast radius: when it is used up, a fault reuses agents already under fault.
 *
 * @example
 * const steps = chaosSchedule({ seed: 7, faults: ['kill', 'drop'], candidates: ['a', 'b', 'c'], blastRadius: { maxAgents: 2 } });
 */
export function chaosSchedule(options: ChaosScheduleOptions): ChaosStep[] {
  const rng = createRng(`chaos/${options.seed}`);
  const every = options.everyMs ?? 1000;
  const duration = options.durationMs ?? 500;
  const start = options.startMs ?? 0;
  const limit = blastLimit(options.blastRadius ?? { maxAgents: 1 }, options.candidates.length);
  for (const value of [every, duration, start]) {
    if (!Number.isFinite(value) || value < 0) {
      throw new SupervisionConfigError(`chaos times must be finite and ≥ 0, got ${value}`);
    }
  }
  const steps: ChaosStep[] = [];
  options.faults.forEach((fault, index) => {
    const at = Math.round(start + index * every + rng.next() * every * 0.25);
    const busy = new Set(
      steps.filter((s) => s.at <= at && at < s.at + s.durationMs).flatMap((s) => s.targets),
    );
    const want = Math.min(options.targets?.[fault] ?? chaosFaults[fault].defaultTargets, limit);
    steps.push({
      index,
      fault,
      at,
      durationMs: duration,
      targets: pickTargets(options.candidates, want, busy, limit, rng),
      seed: seedFrom(`${options.seed}/chaos-step:${index}`),
    });
  });
  return steps.sort((a, b) => a.at - b.at || a.index - b.index);
}

function blastLimit(radius: BlastRadius, candidates: number): number {
  const byCount = radius.maxAgents ?? Number.POSITIVE_INFINITY;
  // A share rounds down but never to nothing: 10 % of 5 agents is still one agent.
  const byShare =
    radius.maxShare === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(1, Math.floor(radius.maxShare * candidates));
  const limit = Math.min(byCount, byShare, candidates);
  if (!Number.isFinite(limit) || limit < 0 || !Number.isInteger(limit)) {
    throw new SupervisionConfigError(
      `a blast radius of ${JSON.stringify(radius)} over ${candidates} candidates makes no limit; give maxAgents (a whole number ≥ 0) or maxShare (0–1)`,
    );
  }
  return limit;
}

/** `want` targets: fresh ones while the blast radius allows, then ones already under fault. */
function pickTargets(
  candidates: readonly AgentId[],
  want: number,
  busy: ReadonlySet<AgentId>,
  limit: number,
  rng: ReturnType<typeof createRng>,
): AgentId[] {
  const chosen: AgentId[] = [];
  const fresh = candidates.filter((c) => !busy.has(c));
  const room = Math.max(0, limit - busy.size);
  while (chosen.length < want && chosen.length < room && fresh.length > 0) {
    chosen.push(fresh.splice(rng.int(fresh.length), 1)[0]!);
  }
  const reused = [...busy].filter((b) => !chosen.includes(b));
  while (chosen.length < want && reused.length > 0) chosen.push(reused.splice(rng.int(reused.length), 1)[0]!);
  return chosen;
}
