import { describe, expect, it } from 'vitest';
import { market } from '../../src/scenarios/market.js';
import { planMarket } from '../../src/scenarios/market-plan.js';
import { runScenario } from '../../src/scenarios/scenario.js';

describe('market scenario', () => {
  it('ends every task completed or failed and accounts for every message', async () => {
    const report = await runScenario(market, { tasks: 120, agents: 12 }, 5);
    const { tasks, messages } = report;
    expect(tasks.announced).toBe(120);
    expect(tasks.completed + tasks.failed).toBe(120);
    expect(tasks.awarded).toBeGreaterThanOrEqual(tasks.completed);
    expect(messages.published).toBe(messages.delivered + messages.deadLettered + messages.inFlight);
    expect(messages.inFlight).toBe(0);
    expect(report.conserved).toBe(true);
    expect(report.allocation.ratio).toBeGreaterThanOrEqual(1);
    expect(report.cost.total).toBe(report.allocation.paid);
  });

  it('gives the same report for the same seed and a different one for another', async () => {
    const a = await runScenario(market, { tasks: 60 }, 11);
    const b = await runScenario(market, { tasks: 60 }, 11);
    const c = await runScenario(market, { tasks: 60 }, 12);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('re-announces and fails tasks when bidders are scarce and unreliable, saying why', async () => {
    const report = await runScenario(market, { tasks: 150, agents: 3, 'failure-rate': 0.9 }, 2);
    expect(report.tasks.failed).toBeGreaterThan(0);
    expect(report.tasks.reannouncements).toBeGreaterThan(0);
    const reasons = Object.values(report.failures).reduce((a, b) => a + b, 0);
    expect(reasons).toBe(report.tasks.failed);
  });

  it('shows trust per bidder: unreliable bidders end less trusted than reliable ones', async () => {
    const report = await runScenario(market, { tasks: 300, agents: 12, 'failure-rate': 0.8 }, 4);
    expect(report.trust.map((t) => t.agent)).toEqual(Array.from({ length: 12 }, (_, i) => `bidder-${i + 1}`));
    const plan = planMarket(
      { agents: 12, tasks: 300, managers: 4, maxFailureRate: 0.8, meanInterval: 2000 },
      4,
    );
    const rate = new Map(plan.bidders.map((b) => [b.id, b.failureRate]));
    const worked = report.trust.filter((t) => t.standing !== 'unknown');
    const reliable = worked.filter((t) => rate.get(t.agent)! < 0.3);
    const unreliable = worked.filter((t) => rate.get(t.agent)! > 0.5);
    expect(reliable.length).toBeGreaterThan(0);
    expect(unreliable.length).toBeGreaterThan(0);
    const mean = (xs: typeof worked) => xs.reduce((s, t) => s + t.score, 0) / xs.length;
    expect(mean(reliable)).toBeGreaterThan(mean(unreliable));
  });

  it('runs an empty market', async () => {
    const report = await runScenario(market, { tasks: 0 }, 1);
    expect(report.tasks).toEqual({ announced: 0, awarded: 0, completed: 0, failed: 0, reannouncements: 0 });
  });
});
