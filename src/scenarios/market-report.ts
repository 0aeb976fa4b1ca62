import { type AgentSystem, type BusStats, conservationHolds, type DeadLetterReason } from '../index.js';
import type { MarketPlan } from './market-plan.js';
import type { OpenMarket } from './task-market.js';

/** What `polis run market` reports; `--json` prints exactly this. */
export interface MarketReport {
  readonly scenario: 'market';
  readonly seed: number;
  readonly bidders: number;
  readonly managers: number;
  /** Distinct tasks: each ends completed or failed; re-announcements are counted apart. */
  readonly tasks: {
    readonly announced: number;
    readonly awarded: number;
    readonly completed: number;
    readonly failed: number;
    readonly reannouncements: number;
  };
  readonly messages: {
    readonly published: number;
    readonly delivered: number;
    readonly deadLettered: number;
    readonly inFlight: number;
  };
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>;
  /** Why tasks failed, with counts. */
  readonly failures: Readonly<Record<string, number>>;
  readonly cost: { readonly total: number; readonly perCompletedTask: number };
  /** Paid against the cheapest capable bidder's idle price per completed task: a lower bound that ignores load. */
  readonly allocation: { readonly paid: number; readonly lowerBound: number; readonly ratio: number };
  /** Each bidder's standing and score with the market's reputation ledger at the end. */
  readonly trust: ReadonlyArray<{
    readonly agent: string;
    readonly standing: string;
    readonly score: number;
  }>;
  readonly simulatedSeconds: number;
  /** Every message delivered or dead-lettered with a reason, none in flight. */
  readonly conserved: boolean;
}

/** The cheapest idle price any capable bidder would ask for a task. */
function lowerBound(plan: MarketPlan, capability: string, work: number): number {
  const prices = plan.bidders
    .filter((b) => b.capabilities.includes(capability))
    .map((b) => b.costPerUnit * work);
  return Math.min(...prices);
}

function messagesOf(stats: BusStats): MarketReport['messages'] {
  const { published, delivered, deadLettered, inFlight } = stats;
  return { published, delivered, deadLettered, inFlight };
}

/** A failure reason without its per-task details, so like failures are counted together. */
const reasonKind = (reason: string) => reason.replace(/ \(.*\)$/, '');

const money = (x: number) => Math.round(x * 100) / 100;

/** Every bidder's trust, in plan order; a bidder the ledger never heard of is `unknown` at the prior 0.5. */
function trustOfBidders(market: OpenMarket): MarketReport['trust'] {
  const known = new Map(market.trust().map((view) => [view.subject, view]));
  return market.plan.bidders.map(({ id }) => {
    const view = known.get(id);
    return {
      agent: id,
      standing: view?.standing ?? 'unknown',
      score: Math.round((view?.score ?? 0.5) * 1000) / 1000,
    };
  });
}

function trustLine(trust: MarketReport['trust']): string {
  const byStanding: Record<string, number> = {};
  for (const t of trust) byStanding[t.standing] = (byStanding[t.standing] ?? 0) + 1;
  const least = trust
    .toSorted((a, b) => a.score - b.score || a.agent.localeCompare(b.agent))
    .slice(0, 3)
    .map((t) => `${t.agent} ${t.standing} ${t.score.toFixed(2)}`);
  return `${counts(byStanding)}; least trusted: ${least.join(', ') || 'none'}`;
}

/**
 * The market's report, computed from the task outcomes the managers heard and the bus's counters.
 *
 * @example
 * const report = marketReport(system, market, seed);
 */
export function marketReport(system: AgentSystem, market: OpenMarket, seed: number): MarketReport {
  const outcomes = [...market.outcomes.values()];
  const completed = outcomes.filter((o) => o.status === 'completed');
  const failures: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.status === 'completed') continue;
    const reason = reasonKind(o.reason ?? o.status);
    failures[reason] = (failures[reason] ?? 0) + 1;
  }
  const tasks = new Map(market.plan.tasks.map((t) => [t.taskId, t]));
  const paid = completed.reduce((sum, o) => sum + o.contractors.reduce((s, c) => s + c.price, 0), 0);
  const bound = completed.reduce((sum, o) => {
    const task = tasks.get(o.taskId)!;
    return sum + lowerBound(market.plan, task.capability, task.work);
  }, 0);
  const stats = system.stats();
  return {
    scenario: 'market',
    seed,
    bidders: market.plan.bidders.length,
    managers: market.plan.managers.length,
    tasks: {
      announced: market.announced(),
      awarded: outcomes.filter((o) => o.contractors.length + o.failures.length > 0).length,
      completed: completed.length,
      failed: outcomes.length - completed.length,
      reannouncements: outcomes.reduce((sum, o) => sum + o.rounds - 1, 0),
    },
    messages: messagesOf(stats),
    deadLetters: stats.deadLettersByReason,
    failures,
    cost: {
      total: money(paid),
      perCompletedTask: money(completed.length === 0 ? 0 : paid / completed.length),
    },
    allocation: {
      paid: money(paid),
      lowerBound: money(bound),
      ratio: bound === 0 ? 0 : Math.round((paid / bound) * 1000) / 1000,
    },
    trust: trustOfBidders(market),
    simulatedSeconds: Math.round(system.clock.now()) / 1000,
    conserved: conservationHolds(stats) && stats.inFlight === 0,
  };
}

const n = (x: number) => x.toLocaleString('en-US');

function counts(record: Readonly<Record<string, number | undefined>>): string {
  const entries = Object.entries(record).filter(([, v]) => (v ?? 0) > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${n(v ?? 0)}`).join(' · ');
}

/** The report as a person reads it. */
export function formatMarketReport(r: MarketReport): string {
  const t = r.tasks;
  const m = r.messages;
  return [
    `Task market — seed ${r.seed}, ${r.bidders} bidders, ${r.managers} managers, ${r.simulatedSeconds} s simulated`,
    `  tasks        announced ${n(t.announced)} · awarded ${n(t.awarded)} · completed ${n(t.completed)} · failed ${n(t.failed)} · re-announced ${n(t.reannouncements)}×`,
    `  messages     published ${n(m.published)} · delivered ${n(m.delivered)} · dead-lettered ${n(m.deadLettered)} · in flight ${n(m.inFlight)} ${r.conserved ? '(conserved)' : '(NOT conserved)'}`,
    `  dead letters ${counts(r.deadLetters)}`,
    `  failures     ${counts(r.failures)}`,
    `  cost         ${r.cost.total.toFixed(2)} paid · ${r.cost.perCompletedTask.toFixed(2)} per completed task`,
    `  trust        ${trustLine(r.trust)}`,
    `  allocation   ${r.allocation.ratio.toFixed(3)}× the cheapest capable bidder (${r.allocation.paid.toFixed(2)} paid vs a lower bound of ${r.allocation.lowerBound.toFixed(2)} that ignores load)`,
  ].join('\n');
}
