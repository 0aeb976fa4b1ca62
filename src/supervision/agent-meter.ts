import type { AgentId } from '../protocol/ids.js';
import type { Agent } from '../runtime/agent.js';
import type { AgentBudget, BudgetResource } from './budgets.js';
import { idHash } from './signature.js';

/**
 * What one agent did in one metering window: counters a tripwire or guard reads.
 *
 * @example
 * const meter = new AgentMeter('a', system.agent('a')!, { messagesPerSecond: 10 }, 1000);
 */
export class AgentMeter {
  readonly hash: number;
  /** The metering window these counters belong to (index: `floor(time / windowMs)`). */
  window = -1;
  sent = 0;
  /** A running hash of what it sent this window, order included: agents in lockstep have equal ones. */
  fingerprint = 0;
  fingerprinted = 0;
  /** Agents it sent to directly this window. */
  peers = new Set<AgentId>();
  /** True once it sent this window to anyone but an agent (a topic, everyone, an endpoint). */
  spokeOutside = false;
  /** The same three for the window before, kept so a late sample still sees a complete window. */
  previousWindow = -1;
  previousFingerprint = 0;
  previousFingerprinted = 0;
  previousPeers = new Set<AgentId>();
  previousSpokeOutside = false;
  /** `received` when the agent last (re)started: steps count from here. */
  stepsBase: number;
  /** Message allocation per window, steps and mailbox allocation; `Infinity` when unmetered. */
  readonly allowance: Record<BudgetResource, number>;
  /** The value at which the next alarm for each resource goes off. */
  readonly nextAlarm: Record<BudgetResource, number>;
  /** How many alarm levels each resource has passed (this window for messages, since restart for steps). */
  readonly levels: Record<BudgetResource, number>;

  constructor(
    readonly id: AgentId,
    readonly agent: Agent,
    budget: AgentBudget,
    windowMs: number,
  ) {
    this.hash = idHash(id);
    this.stepsBase = agent.received;
    this.allowance = {
      messages:
        budget.messagesPerSecond === undefined
          ? Number.POSITIVE_INFINITY
          : (budget.messagesPerSecond * windowMs) / 1000,
      steps: budget.steps ?? Number.POSITIVE_INFINITY,
      mailbox: budget.mailboxDepth ?? Number.POSITIVE_INFINITY,
    };
    this.nextAlarm = { messages: 0, steps: 0, mailbox: 0 };
    this.levels = { messages: 0, steps: 0, mailbox: 0 };
  }

  /** Starts window `window`, keeping the last one's fingerprint and peers if it was the one just before. */
  startWindow(window: number): void {
    if (window === this.window + 1) {
      this.previousWindow = this.window;
      this.previousFingerprint = this.fingerprint;
      this.previousFingerprinted = this.fingerprinted;
      this.previousSpokeOutside = this.spokeOutside;
      const spare = this.previousPeers;
      this.previousPeers = this.peers;
      spare.clear();
      this.peers = spare;
    } else {
      this.previousWindow = -1;
      this.previousPeers.clear();
      this.peers.clear();
    }
    this.window = window;
    this.sent = 0;
    this.fingerprint = 0;
    this.fingerprinted = 0;
    this.spokeOutside = false;
  }

  /** Steps taken since the agent last (re)started. */
  get steps(): number {
    return this.agent.received - this.stepsBase;
  }

  /** The fingerprint, count and peers of window `window`, if this meter saw it. */
  windowData(window: number): WindowActivity | undefined {
    if (this.window === window) {
      return {
        fingerprint: this.fingerprint,
        count: this.fingerprinted,
        peers: this.peers,
        spokeOutside: this.spokeOutside,
      };
    }
    if (this.previousWindow === window) {
      return {
        fingerprint: this.previousFingerprint,
        count: this.previousFingerprinted,
        peers: this.previousPeers,
        spokeOutside: this.previousSpokeOutside,
      };
    }
    return undefined;
  }
}

/** What one agent sent in one window, as the coalition analysis reads it. */
export interface WindowActivity {
  readonly fingerprint: number;
  readonly count: number;
  readonly peers: ReadonlySet<AgentId>;
  readonly spokeOutside: boolean;
}
