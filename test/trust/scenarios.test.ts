import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import type { CliIo } from '../../src/cli/progress-bar.js';
import { byzantine } from '../../src/scenarios/byzantine.js';
import { runScenario } from '../../src/scenarios/scenario.js';
import { signals } from '../../src/scenarios/signals.js';
import { temperature } from '../../src/scenarios/temperature.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    write: (t) => {
      out += t;
    },
    error: (t) => {
      err += t;
    },
    isTTY: false,
    now: () => 0,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('scenario: temperature', () => {
  it('decides ≈ 20 by the robust rule; the two outliers dissent and lose standing; the naive mean is unusable', async () => {
    const { code, out } = await cli(['run', 'temperature', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.decision).toBeCloseTo(20, 6);
    expect(report.dissenters).toEqual(['sensor-4', 'sensor-5']);
    expect(report.naiveMean).toMatchObject({ usable: false, text: 'Infinity' });
    for (const outlier of report.standings.filter((s: { agent: string }) =>
      report.dissenters.includes(s.agent),
    )) {
      expect(outlier.scoreAfter).toBeLessThan(outlier.scoreBefore);
      expect(outlier.after).toBe('suspected');
    }
    expect(report.conserved).toBe(true);
  });

  it('with the trimmed mean and more rounds, repeat offenders end up banned while honest sensors gain', async () => {
    const report = await runScenario(temperature, { rule: 'trimmed-mean', rounds: 5 }, 2);
    expect(report.decision).toBeCloseTo(20, 6);
    expect(report.rounds).toHaveLength(5);
    const after = Object.fromEntries(report.standings.map((s) => [s.agent, s]));
    expect(after['sensor-5']?.after).toBe('banned');
    expect(after['sensor-1']?.scoreAfter).toBeGreaterThan(0.7);
  });

  it('reports a naive mean dragged by a finite outlier as unusable too', async () => {
    const report = await runScenario(temperature, { values: ['18', '22', '20', '21', '19'] }, 1);
    expect(report.decision).toBe(20);
    expect(report.naiveMean).toMatchObject({ usable: true, value: 20 });
    expect(report.dissenters).toEqual([]);
    const dragged = await runScenario(
      temperature,
      { values: ['18', '22', '20', '21', '-40'], max: 60, min: -50 },
      1,
    );
    expect(dragged.naiveMean.usable).toBe(false);
    expect(dragged.dissenters).toEqual(['sensor-5']);
  });
});

describe('scenario: byzantine', () => {
  it('n = 4 with one liar decides correctly, n = 3 refuses, over many seeds, with no safety violation', async () => {
    const { code, out } = await cli(['run', 'byzantine', '--json', '--runs', '12', '--seed', '5']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ runs: 12, decided: 12, refused: 12, safetyViolations: 0 });
    expect(report.refusalReason).toMatch(/3f \+ 1 = 4 voters/);
  });

  it('every fault is tolerated', async () => {
    for (const fault of ['lie', 'equivocate', 'silent', 'garbage']) {
      const report = await runScenario(byzantine, { runs: 3, fault }, 11);
      expect(report, fault).toMatchObject({ decided: 3, refused: 3, safetyViolations: 0 });
      expect(byzantine.passed?.(report)).toBe(true);
    }
  });
});

describe('scenario: ipd', () => {
  it('prints { scores, ranking } as JSON', async () => {
    const { code, out } = await cli([
      'run',
      'ipd',
      '--strategies',
      'TitForTat,Defector,Cooperator',
      '--turns',
      '10',
      '--repetitions',
      '1',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    // TFT: 9 vs Defector + 30 vs Cooperator; Defector: 14 + 50; Cooperator: 30 + 0
    expect(report.scores).toEqual({ TitForTat: 39, Defector: 64, Cooperator: 30 });
    expect(report.ranking).toEqual(['Defector', 'TitForTat', 'Cooperator']);
  });

  it('refuses an unknown strategy with a usage error', async () => {
    const { code, err } = await cli(['run', 'ipd', '--strategies', 'TitForTat,Saint']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown Saint/);
  });
});

describe('scenario: signals', () => {
  it('settles the trading-signal conflict by a trust-weighted vote and shares scarce capital by trust', async () => {
    const report = await runScenario(signals, {}, 1);
    expect(report.conflict).toBe(true);
    expect(report.severity).toBeCloseTo(0.225);
    expect(report.resolution).toMatchObject({ status: 'resolved', value: 'buy' });
    const granted = Object.fromEntries(report.analysts.map((a) => [a.agent, a.granted]));
    expect(Object.values(granted).reduce((s, g) => s + g, 0)).toBeCloseTo(report.capital);
    expect(granted.value).toBeGreaterThan(granted.sentiment!); // trusted beats suspected
  });

  it('escalates a dead heat to the desk, whose answer stands', async () => {
    const report = await runScenario(signals, { signals: ['a:buy:0.8', 'b:sell:0.8'], operator: 'sell' }, 1);
    expect(report).toMatchObject({ escalated: true, resolution: { status: 'operator', value: 'sell' } });
  });
});
