import type { Subscription } from 'rxjs';
import type { BudgetResource } from './budgets.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { Livelock } from './livelock-detector.js';
import type { BudgetAlarm, MetricsSampler } from './metrics-sampler.js';

export interface GuardOptions {
  /** Open an agent's circuit when it exceeds its message or step allocation. Default true. */
  readonly budgets?: boolean;
}

/** What the guard did: a loop or an agent over budget, and the circuits it opened. */
export type GuardAction =
  | { readonly kind: 'livelock'; readonly loop: Livelock; readonly detail: string }
  | { readonly kind: 'over-budget'; readonly alarm: BudgetAlarm; readonly detail: string };

const CAUSE: Partial<Record<BudgetResource, 'message-budget' | 'step-budget'>> = {
  messages: 'message-budget',
  steps: 'step-budget',
};

/**
 * The livelock and budget guard: acts locally, long before a global tripwire would. When the sampler's
 * detector finds agents passing the same messages round a loop, it opens all their circuits; when an agent
 * goes over its message or step allocation (over 100 %), it opens that agent's circuit. Mailbox depth is
 * left to the tripwires: a full inbox is the sender's doing, not the receiver's.
 *
 * @example
 * const guard = new LivelockGuard(sampler, breakers, {}, (action) => console.warn(action.detail));
 */
export class LivelockGuard {
  private readonly subscription: Subscription;
  /** Everything the guard did, oldest first. */
  readonly actions: GuardAction[] = [];

  constructor(
    sampler: MetricsSampler,
    private readonly breakers: CircuitBreakers,
    options: GuardOptions = {},
    private readonly onAction: (action: GuardAction) => void = () => {},
  ) {
    this.subscription = sampler.loops$.subscribe((loop) => this.loopFound(loop));
    if (options.budgets !== false) {
      sampler.watchBudgets({ ratio: 1, strict: true, onCross: (alarm) => this.overBudget(alarm) });
    }
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private loopFound(loop: Livelock): void {
    const ring = [...loop.agents, loop.agents[0]].map((a) => `'${a}'`).join(' → ');
    const detail = `${ring} exchanged the same ${loop.patternSize === 1 ? 'message' : `${loop.patternSize} messages`} ${loop.repeats} times in ${loop.overMs} ms`;
    this.record({ kind: 'livelock', loop, detail });
    this.breakers.trip(loop.agents, 'livelock', detail);
  }

  private overBudget(alarm: BudgetAlarm): void {
    const cause = CAUSE[alarm.resource];
    if (cause === undefined || this.breakers.isOpen(alarm.agent)) return;
    const what = alarm.resource === 'messages' ? 'messages in one window' : 'steps';
    const detail = `'${alarm.agent}' used ${alarm.value} ${what}, over its allocation of ${Number(alarm.allocation.toFixed(2))}`;
    this.record({ kind: 'over-budget', alarm, detail });
    this.breakers.trip([alarm.agent], cause, detail);
  }

  private record(action: GuardAction): void {
    this.actions.push(action);
    if (this.actions.length > 200) this.actions.shift();
    this.onAction(action);
  }
}
