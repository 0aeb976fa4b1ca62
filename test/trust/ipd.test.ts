import { describe, expect, it } from 'vitest';
import {
  createSystem,
  IPD_STRATEGIES,
  type IpdStrategyName,
  ipdReferee,
  payoff,
  roundRobin,
  snapshotOf,
  TournamentConfigError,
  VirtualClock,
} from '../../src/index.js';
import { ipd } from '../../src/scenarios/ipd.js';
import { runScenario } from '../../src/scenarios/scenario.js';

/** Plays one match of `turns` between two strategy agents through a referee, over the bus. */
function match(a: IpdStrategyName, b: IpdStrategyName, turns: number, seed = 1) {
  const system = createSystem({ clock: new VirtualClock(), seed });
  system.spawn(IPD_STRATEGIES[a], { id: a });
  system.spawn(IPD_STRATEGIES[b], { id: b });
  const referee = system.spawn(ipdReferee, {
    id: 'referee',
    input: { matches: roundRobin([a, b], 1), turns },
  });
  system.run();
  expect(referee.status).toBe('done');
  const totals = snapshotOf(referee).context.totals;
  return [totals[a], totals[b]];
}

describe("iterated prisoner's dilemma", () => {
  it('pays T = 5, R = 3, P = 1, S = 0', () => {
    expect(payoff('C', 'C')).toEqual([3, 3]);
    expect(payoff('C', 'D')).toEqual([0, 5]);
    expect(payoff('D', 'C')).toEqual([5, 0]);
    expect(payoff('D', 'D')).toEqual([1, 1]);
  });

  it('scores known pairs over 10 turns as computed by hand', () => {
    // TFT: C then D×9 against D×10 → 0 + 9×1 = 9; Defector: 5 + 9×1 = 14
    expect(match('TitForTat', 'Defector', 10)).toEqual([9, 14]);
    expect(match('Cooperator', 'Defector', 10)).toEqual([0, 50]);
    expect(match('TitForTat', 'Cooperator', 10)).toEqual([30, 30]);
    // TF2T forgives the first defection: C, C, then D×8 → 0 + 0 + 8; Defector 5 + 5 + 8
    expect(match('TitForTwoTats', 'Defector', 10)).toEqual([8, 18]);
    // Grudger: C, then D forever → 9 : 14, like TFT
    expect(match('Grudger', 'Defector', 10)).toEqual([9, 14]);
    // Pavlov alternates C, D, C, D… against a defector: 5×0 + 5×1 = 5; Defector 5×5 + 5×1 = 30
    expect(match('Pavlov', 'Defector', 10)).toEqual([5, 30]);
    expect(match('Pavlov', 'Grudger', 10)).toEqual([30, 30]);
    // two nice strategies cooperate throughout: 10 × 3 each
    expect(match('TitForTwoTats', 'Pavlov', 10)).toEqual([30, 30]);
  });

  it('schedules a round robin of distinct strategies, without self-play, and refuses a bad field', () => {
    const names = Object.keys(IPD_STRATEGIES);
    const matches = roundRobin(names, 2);
    expect(matches).toHaveLength(2 * ((names.length * (names.length - 1)) / 2));
    expect(matches.every((m) => m.players[0] !== m.players[1])).toBe(true);
    expect(() => roundRobin(['TitForTat'], 1)).toThrow(TournamentConfigError);
    expect(() => roundRobin(['TitForTat', 'TitForTat'], 1)).toThrow(/listed twice/);
  });

  it('is deterministic under a seed, random strategies included', async () => {
    const run = (seed: number) => runScenario(ipd, { turns: 30, repetitions: 2 }, seed);
    const [a, b, c] = await Promise.all([run(7), run(7), run(8)]);
    expect(a.scores).toEqual(b.scores);
    expect(a.ranking).toEqual(b.ranking);
    expect(a.scores).not.toEqual(c.scores); // Random and Joss draw differently
  });

  it('reports each agent’s reputation: unprovoked defection is punished, retaliation is not', async () => {
    const report = await runScenario(ipd, { turns: 50, repetitions: 2 }, 3);
    expect(report.reputation.Defector?.standing).toBe('banned');
    for (const nice of ['Cooperator', 'TitForTat', 'TitForTwoTats', 'Grudger']) {
      expect(report.reputation[nice]?.standing, nice).toBe('trusted');
    }
    expect(report.ranking).toHaveLength(8);
    expect(Object.values(report.scores).every((s) => s > 0)).toBe(true);
  });

  it('plays only the strategies asked for', async () => {
    const report = await runScenario(
      ipd,
      { strategies: ['TitForTat', 'Defector'], turns: 10, repetitions: 1 },
      1,
    );
    expect(report).toMatchObject({
      scores: { TitForTat: 9, Defector: 14 },
      ranking: ['Defector', 'TitForTat'],
      matches: 1,
    });
  });
});
