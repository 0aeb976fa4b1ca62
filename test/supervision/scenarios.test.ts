import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { chaos } from '../../src/scenarios/chaos.js';
import { runScenario } from '../../src/scenarios/scenario.js';
import { shutdown } from '../../src/scenarios/shutdown.js';

describe('polis run chaos', () => {
  it('keeps every task ending and every message accounted for, over 20 seeds', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const report = await runScenario(chaos, { agents: 8, tasks: 12, managers: 2 }, seed);
      expect(report.conserved, `seed ${seed}`).toBe(true);
      for (const phase of report.phases) {
        expect(phase.conserved, `seed ${seed}, phase ${phase.name}`).toBe(true);
        expect(phase.tasks.lost, `seed ${seed}, phase ${phase.name}`).toBe(0);
        expect(phase.tasks.completed + phase.tasks.failed).toBe(phase.tasks.announced);
        expect(phase.messages.published).toBe(phase.messages.delivered + phase.messages.deadLettered);
      }
      expect(report.passed, `seed ${seed}`).toBe(true);
    }
  });

  it('injects every fault and reports it, alone and all together', async () => {
    const report = await runScenario(chaos, {}, 2);
    expect(report.faults).toHaveLength(30);
    for (const fault of report.faults) {
      expect(fault, `${fault.name} in ${fault.phase}`).toMatchObject({ injected: true, recovered: true });
    }
    const alone = report.faults.filter((f) => f.phase === f.name);
    expect(alone.filter((f) => f.touched === 0 || !f.detected).map((f) => f.name)).toEqual([]);
    expect(report.phases[0]).toMatchObject({ name: 'baseline', tasks: { lost: 0 } });
    expect(report.tasks.lost).toBe(0);
  });

  it('gives the same report for the same seed', async () => {
    const a = await runScenario(chaos, { agents: 8, tasks: 10, faults: ['drop', 'byzantine', 'starve'] }, 5);
    const b = await runScenario(chaos, { agents: 8, tasks: 10, faults: ['drop', 'byzantine', 'starve'] }, 5);
    expect(a).toEqual(b);
    expect(a.phases.map((p) => p.name)).toEqual(['baseline', 'drop', 'byzantine', 'starve', 'all']);
  });

  it('prints JSON with faults, tasks and messages on --json, and selects faults with --faults', async () => {
    let out = '';
    const io = {
      write: (t: string) => {
        out += t;
      },
      error: () => {},
      isTTY: false,
      now: () => 0,
    };
    const code = await runCli(
      ['run', 'chaos', '--json', '--seed', '3', '--faults', 'kill,corrupt', '--agents', '6', '--tasks', '8'],
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.faults.map((f: { name: string }) => f.name)).toEqual([
      'kill',
      'corrupt',
      'kill',
      'corrupt',
    ]);
    for (const f of report.faults)
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'injected', 'detected', 'recovered']));
    expect(report.tasks).toMatchObject({ announced: 32, lost: 0 });
    expect(Object.keys(report.messages)).toEqual(['published', 'delivered', 'deadLettered', 'inFlight']);
  });
});

describe('polis run shutdown', () => {
  it('fires every tripwire, holds every halt and resumes only by the operator', async () => {
    const report = await runScenario(shutdown, {}, 1);
    expect(report.phases.map((p) => `${p.kind}:${p.fired}`)).toEqual([
      'budget:true',
      'coalition:true',
      'message-rate:true',
      'restart-intensity:true',
      'dead-mans-switch:true',
      'kill-switch:true',
    ]);
    for (const phase of report.phases) {
      expect(phase.deliveredAfterHalt, phase.tripwire).toBe(0);
      expect(phase.stepsAfterHalt, phase.tripwire).toBe(0);
      expect(phase.resumed, phase.tripwire).toBe(true);
      expect(phase.measurement!.value).toBeGreaterThanOrEqual(phase.measurement!.threshold);
    }
    expect(report.passed).toBe(true);
    expect(shutdown.format(report)).toMatch(/all tripwires fired and every halt held/);
  });
});
