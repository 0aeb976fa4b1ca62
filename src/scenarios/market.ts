import { createSystem, VirtualClock } from '../index.js';
import { planMarket } from './market-plan.js';
import { formatMarketReport, type MarketReport, marketReport } from './market-report.js';
import { defineScenario } from './scenario.js';
import { openMarket } from './task-market.js';

/** Simulated ms the market is driven in, between progress reports. */
const STEP = 5_000;

/**
 * `polis run market`: managers announce tasks; bidders with different capabilities, prices, speeds, loads
 * and failure rates compete in contract nets; failed tasks are re-announced.
 */
export const market = defineScenario({
  name: 'market',
  summary: 'a task market of contract nets: managers announce, bidders compete, failures are re-announced',
  flags: [
    {
      name: 'agents',
      kind: 'integer',
      description: 'bidders in the market',
      default: 20,
      min: 1,
      max: 100_000,
    },
    { name: 'tasks', kind: 'integer', description: 'tasks announced', default: 200, min: 0, max: 1_000_000 },
    {
      name: 'managers',
      kind: 'integer',
      description: 'managers announcing tasks',
      default: 4,
      min: 1,
      max: 1_000,
    },
    {
      name: 'failure-rate',
      kind: 'number',
      description: 'highest failure rate a bidder draws',
      default: 0.2,
      min: 0,
      max: 1,
    },
  ] as const,
  async run(options, context): Promise<MarketReport> {
    const plan = planMarket(
      {
        agents: options.agents,
        tasks: options.tasks,
        managers: options.managers,
        maxFailureRate: options['failure-rate'],
        meanInterval: 2_000,
      },
      context.seed,
    );
    const system = createSystem({ clock: new VirtualClock(), seed: context.seed, ...context.systemOptions });
    context.attach(system);
    const open = openMarket(system, plan);
    for (let until = STEP; !open.settled(); until += STEP) {
      const report = await context.drive(system, { until });
      context.progress(open.outcomes.size, plan.tasks.length);
      if (report.idle) break;
    }
    const report = marketReport(system, open, context.seed);
    await system.stop();
    return report;
  },
  format: formatMarketReport,
  passed: (report) =>
    report.conserved && report.tasks.completed + report.tasks.failed === report.tasks.announced,
});
