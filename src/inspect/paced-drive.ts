import type { AgentSystem, RunReport } from '../runtime/system.js';
import { VirtualClock } from '../runtime/virtual-clock.js';

export interface PaceOptions {
  /** Simulated ms per real ms. Default 1: simulated time passes as fast as real time. */
  readonly speed?: number;
  /** Real ms between steps. Default 50. */
  readonly tickMs?: number;
  /** Quiet stretches longer than this (simulated ms) are skipped rather than waited out. Default 2,000. */
  readonly skipQuietOver?: number;
  /** Timers fired per step at most, so a burst cannot freeze the page. Default 500. */
  readonly maxTimersPerStep?: number;
}

/**
 * A `drive` for scenarios that a person watches: it advances a system's simulated clock in small steps
 * with real pauses between them, skipping long quiet stretches. Without a simulated clock it runs as
 * `system.run()` does.
 *
 * @example
 * const drive = pacedDrive({ speed: 2 });
 * await drive(system, { until: 60_000 }); // about 30 s of real time
 */
export function pacedDrive(
  options: PaceOptions = {},
): (system: AgentSystem, runOptions?: { readonly until?: number }) => Promise<RunReport> {
  const speed = options.speed ?? 1;
  const tickMs = options.tickMs ?? 50;
  const skipQuietOver = options.skipQuietOver ?? 2_000;
  const maxTimers = options.maxTimersPerStep ?? 500;
  return async (system, runOptions = {}) => {
    const clock = system.clock;
    if (!(clock instanceof VirtualClock)) return system.run(runOptions);
    const until = runOptions.until ?? Number.POSITIVE_INFINITY;
    let report = system.run({ until: clock.now(), maxTimers });
    while (!report.idle && clock.now() < until) {
      const next = clock.nextAt();
      const now = clock.now();
      const step = next !== undefined && next - now > skipQuietOver ? next - now : speed * tickMs;
      report = system.run({ until: Math.min(until, now + step), maxTimers });
      await new Promise<void>((resolve) => setTimeout(resolve, tickMs));
    }
    if (Number.isFinite(until) && clock.now() < until) report = system.run({ until });
    return report;
  };
}
