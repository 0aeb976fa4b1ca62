import { createRng, type Rng } from '../index.js';

/** The skills of the market; tasks need one, bidders offer a few. */
const CAPABILITIES = ['translate', 'summarize', 'classify', 'transcribe', 'render', 'index'] as const;

export interface BidderPlan {
  readonly id: string;
  readonly capabilities: readonly string[];
  readonly costPerUnit: number;
  readonly speed: number;
  readonly capacity: number;
  readonly failureRate: number;
}

export interface TaskPlan {
  readonly taskId: string;
  readonly manager: string;
  /** When it is announced, in simulated ms. */
  readonly at: number;
  readonly capability: string;
  readonly work: number;
  readonly budget: number;
}

export interface MarketPlan {
  readonly bidders: readonly BidderPlan[];
  readonly managers: readonly string[];
  readonly tasks: readonly TaskPlan[];
}

export interface MarketShape {
  readonly agents: number;
  readonly tasks: number;
  readonly managers: number;
  /** The most any bidder fails; each draws its own rate below it. */
  readonly maxFailureRate: number;
  /** Mean ms between two announcements of one manager. */
  readonly meanInterval: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function planBidder(index: number, maxFailureRate: number, rng: Rng): BidderPlan {
  const count = 1 + rng.int(3);
  const capabilities = new Set<string>();
  while (capabilities.size < count) capabilities.add(rng.pick(CAPABILITIES));
  return {
    id: `bidder-${index + 1}`,
    capabilities: [...capabilities].sort(),
    costPerUnit: round2(rng.between(1, 5)),
    speed: round2(rng.between(0.5, 2)),
    capacity: 1 + rng.int(3),
    failureRate: round2(rng.between(0, maxFailureRate)),
  };
}

/**
 * Draws a market from a seed: bidders with different capabilities, prices, speeds, capacities and failure
 * rates, and tasks announced by each manager at exponentially distributed intervals. Tasks only need
 * capabilities some bidder has, so every failure the report shows is the market's, not the draw's.
 *
 * @example
 * const plan = planMarket({ agents: 20, tasks: 200, managers: 4, maxFailureRate: 0.2, meanInterval: 2000 }, 1);
 */
export function planMarket(shape: MarketShape, seed: number): MarketPlan {
  const rng = createRng(`market/${seed}`);
  const bidders = Array.from({ length: shape.agents }, (_, i) => planBidder(i, shape.maxFailureRate, rng));
  const offered = [...new Set(bidders.flatMap((b) => b.capabilities))].sort();
  const managers = Array.from({ length: shape.managers }, (_, i) => `manager-${i + 1}`);
  const clocks = managers.map(() => 0);
  const tasks: TaskPlan[] = [];
  for (let i = 0; i < shape.tasks && offered.length > 0; i++) {
    const m = i % managers.length;
    clocks[m] = clocks[m]! + Math.round(-Math.log(1 - rng.next()) * shape.meanInterval);
    const work = 1 + rng.int(8);
    tasks.push({
      taskId: `t${String(i + 1).padStart(4, '0')}`,
      manager: managers[m]!,
      at: clocks[m]!,
      capability: rng.pick(offered),
      work,
      budget: work * 6,
    });
  }
  return { bidders, managers, tasks: tasks.sort((a, b) => a.at - b.at || a.taskId.localeCompare(b.taskId)) };
}
