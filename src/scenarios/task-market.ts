import {
  type Agent,
  type AgentSystem,
  awardWith,
  CONTRACT_NET,
  contractNetBidder,
  contractNetInitiator,
  type Envelope,
  EVIDENCE_TOPIC,
  reputationLedger,
  type TaskOutcomeContent,
  type TrustView,
  topic,
  trustAwardRule,
  trustIn,
  trustTable,
} from '../index.js';
import type { MarketPlan } from './market-plan.js';

/** How the market's contract nets are timed (simulated ms). */
const TIMING = { replyWithin: 500, resultGrace: 2000, maxRounds: 3 };

/** A market opened on a system: what was announced and how each task ended. */
export interface OpenMarket {
  readonly plan: MarketPlan;
  /** Tasks announced so far. */
  announced(): number;
  /** How each settled task ended, by task id. */
  readonly outcomes: ReadonlyMap<string, TaskOutcomeContent>;
  /** True when every task of the plan has ended. */
  settled(): boolean;
  /** What the reputation ledger thinks of every agent it has evidence about, now. */
  trust(): TrustView[];
}

/** The id of the market's reputation ledger. */
const LEDGER = 'ledger';

function isOutcome(envelope: Envelope): envelope is Envelope<TaskOutcomeContent> {
  return envelope.protocol === CONTRACT_NET && envelope.content.kind === 'task-outcome';
}

/**
 * The reputation ledger of a market: every initiator reports what its contractors did, and awards weigh
 * bids by the trust it keeps, skipping banned bidders.
 */
function openLedger(system: AgentSystem): Agent<typeof reputationLedger> {
  return system.spawn(reputationLedger, {
    id: LEDGER,
    topics: [EVIDENCE_TOPIC],
    input: { policy: { authorities: ['manager-*'] }, topic: null },
  });
}

/**
 * Opens a task market on `system`: spawns the bidders and a reputation ledger, gives each manager an
 * endpoint that hears how its tasks end, and schedules one contract-net initiator per task at its
 * announcement time; initiators weigh bids by trust and report evidence to the ledger.
 *
 * @example
 * const market = openMarket(system, planMarket(shape, seed));
 * system.run();
 * market.settled(); // true
 */
export function openMarket(system: AgentSystem, plan: MarketPlan): OpenMarket {
  const outcomes = new Map<string, TaskOutcomeContent>();
  let announced = 0;
  const ledger = openLedger(system);
  const trustOf = (agent: string) => trustIn(ledger.actor.getSnapshot().context, agent, system.clock.now());
  const initiator = contractNetInitiator.provide({
    actions: { selectWinners: awardWith(trustAwardRule(trustOf)) },
  });
  const evidenceTo = topic(EVIDENCE_TOPIC);
  for (const bidder of plan.bidders) {
    const { id, capabilities, ...input } = bidder;
    system.spawn(contractNetBidder, { id, capabilities, input });
  }
  for (const manager of plan.managers) {
    system.endpoint(manager).inbox$.subscribe((envelope) => {
      if (isOutcome(envelope)) outcomes.set(envelope.content.taskId, envelope.content);
    });
  }
  for (const task of plan.tasks) {
    system.clock.setTimeout(() => {
      announced++;
      const { taskId, manager, capability, work, budget } = task;
      system.spawn(initiator, {
        id: `${manager}.${taskId}`,
        input: {
          task: { kind: 'task', taskId, capability, work, budget },
          reportTo: manager,
          evidenceTo,
          ...TIMING,
        },
      });
    }, task.at);
  }
  return {
    plan,
    outcomes,
    announced: () => announced,
    settled: () => outcomes.size === plan.tasks.length,
    trust: () => trustTable(ledger.actor.getSnapshot().context, system.clock.now()),
  };
}
