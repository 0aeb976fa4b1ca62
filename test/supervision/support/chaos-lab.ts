import type { ChaosFaultName } from '../../../src/protocol/supervision-content.js';
import { createSystem } from '../../../src/runtime/system.js';
import { VirtualClock } from '../../../src/runtime/virtual-clock.js';
import { ChaosObserver } from '../../../src/supervision/chaos/chaos-observer.js';
import { ChaosRunner } from '../../../src/supervision/chaos/chaos-runner.js';
import { chaosSchedule } from '../../../src/supervision/chaos/chaos-schedule.js';
import type { ChaosSettings } from '../../../src/supervision/chaos/fault.js';
import { systemPort } from '../../../src/supervision/system-supervision.js';
import { recorder, ticker } from './agents.js';

/**
 * Two tickers sending numbered ticks to two recorders every 10 ms for a second, and one chaos fault
 * against `target` from 100 ms to 600 ms.
 */
export function chaosLab(
  fault: ChaosFaultName,
  seed = 1,
  settings: Partial<ChaosSettings> = {},
  candidates: readonly string[] = ['rec1'],
) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed });
  system.spawn(recorder, { id: 'rec1', capabilities: ['record'] });
  system.spawn(recorder, { id: 'rec2', capabilities: ['record'] });
  system.spawn(ticker, { id: 'tick1', input: { to: 'rec1' } });
  system.spawn(ticker, { id: 'tick2', input: { to: 'rec2' } });
  const port = systemPort(system);
  const steps = chaosSchedule({
    seed,
    faults: [fault],
    candidates,
    startMs: 100,
    durationMs: 500,
    blastRadius: { maxAgents: 2 },
  });
  const runner = new ChaosRunner(port, steps, { settings });
  const observer = new ChaosObserver(port, runner);
  const deadLetters: string[] = [];
  system.bus.deadLetters$.subscribe((d) => deadLetters.push(`${d.at} ${d.reason} ${d.detail}`));
  runner.enable();
  return { clock, system, port, runner, observer, steps, deadLetters };
}
