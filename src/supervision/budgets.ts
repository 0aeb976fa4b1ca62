import type { AgentId } from '../protocol/ids.js';
import { SupervisionConfigError } from './supervision-errors.js';

/** The resources an agent is allotted. */
export type BudgetResource = 'messages' | 'steps' | 'mailbox';

/**
 * An agent's allocation. Each limit is optional; an agent without one is not metered for it.
 * - `messagesPerSecond`: messages it sends, counted per metering window;
 * - `steps`: messages it handles since it (re)started;
 * - `mailboxDepth`: envelopes waiting in its inbox.
 */
export interface AgentBudget {
  readonly messagesPerSecond?: number;
  readonly steps?: number;
  readonly mailboxDepth?: number;
}

/**
 * Who gets which allocation: a default for every agent, overridden per agent id or per capability (the
 * first capability with a budget wins; an agent's own entry wins over both).
 *
 * @example
 * const budgets: BudgetPolicy = { default: { messagesPerSecond: 200 }, agents: { manager: { messagesPerSecond: 5000 } } };
 */
export interface BudgetPolicy {
  readonly default?: AgentBudget;
  readonly capabilities?: Readonly<Record<string, AgentBudget>>;
  readonly agents?: Readonly<Record<AgentId, AgentBudget>>;
}

/**
 * The allocation of one agent under `policy`.
 *
 * @example
 * budgetOf(policy, 'manager', ['market']) // { messagesPerSecond: 5000 }
 */
export function budgetOf(policy: BudgetPolicy, agent: AgentId, capabilities: readonly string[]): AgentBudget {
  const own = policy.agents?.[agent];
  if (own !== undefined) return { ...policy.default, ...own };
  for (const capability of capabilities) {
    const byCapability = policy.capabilities?.[capability];
    if (byCapability !== undefined) return { ...policy.default, ...byCapability };
  }
  return policy.default ?? {};
}

/**
 * Refuses budgets that cannot be met (zero, negative, NaN), naming the entry.
 *
 * @example
 * checkBudgets({ default: { steps: -1 } }) // throws SupervisionConfigError
 */
export function checkBudgets(policy: BudgetPolicy): void {
  const entries: Array<[string, AgentBudget | undefined]> = [
    ['default', policy.default],
    ...Object.entries(policy.capabilities ?? {}).map(([k, v]): [string, AgentBudget] => [
      `capability '${k}'`,
      v,
    ]),
    ...Object.entries(policy.agents ?? {}).map(([k, v]): [string, AgentBudget] => [`agent '${k}'`, v]),
  ];
  for (const [where, budget] of entries) {
    for (const [key, value] of Object.entries(budget ?? {})) {
      if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
        throw new SupervisionConfigError(
          `the ${where} budget has ${key} = ${String(value)}; use a positive, finite number or leave it out`,
        );
      }
    }
  }
}
