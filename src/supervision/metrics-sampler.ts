import { type Observable, Subject, type Subscription } from 'rxjs';
import type { Clock } from '../bus/clock.js';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import { AgentMeter, type WindowActivity } from './agent-meter.js';
import { type BudgetPolicy, type BudgetResource, budgetOf } from './budgets.js';
import { type Coalition, type CoalitionOptions, findCoalitions } from './coalitions.js';
import type { Livelock, LivelockDetector } from './livelock-detector.js';
import { envelopeSignature, idHash, mixInt } from './signature.js';
import type { SupervisionPort } from './supervision-port.js';

/** One agent's use of one resource against its allocation. */
export interface BudgetUse {
  readonly agent: AgentId;
  readonly resource: BudgetResource;
  readonly value: number;
  readonly allocation: number;
  /** `value / allocation`: 1 is the whole allocation, 2 is twice it. */
  readonly ratio: number;
}

/** A budget use that just crossed an alarm level, and when. */
export interface BudgetAlarm extends BudgetUse {
  readonly at: number;
}

/** A level at which budget alarms go off: `ratio` of the allocation, reached (`>=`) or, if `strict`, exceeded. */
export interface BudgetLevel {
  readonly ratio: number;
  readonly strict: boolean;
  readonly onCross: (alarm: BudgetAlarm) => void;
}

/** Messages published in the current window against the threshold of the message-rate alarm. */
export interface RateAlarm {
  readonly count: number;
  readonly previous: number;
  readonly threshold: number;
  readonly at: number;
}

/** The metric samples tripwires are evaluated on: one per metering window, plain JSON. */
export interface MetricSample {
  readonly at: number;
  /** The window it describes: `[start, start + windowMs)`. */
  readonly window: { readonly start: number; readonly ms: number };
  /** Agents running when it was taken. */
  readonly population: number;
  readonly messages: {
    readonly count: number;
    readonly previous: number;
    /** `count / previous` (`count` when `previous` is 0). */
    readonly growth: number;
  };
  /** The highest use of each metered resource, with its agent. */
  readonly peaks: Partial<Record<BudgetResource, BudgetUse>>;
  /** Every use at or above its whole allocation (at most 20, highest first). */
  readonly overBudget: readonly BudgetUse[];
  readonly coalitions: readonly Coalition[];
  readonly bus: {
    readonly published: number;
    readonly delivered: number;
    readonly deadLettered: number;
    readonly inFlight: number;
  };
}

export interface SamplerOptions {
  /** Length of a metering window (ms). Default 1000. */
  readonly windowMs?: number;
  readonly budgets?: BudgetPolicy;
  /** Look for coalitions (costs a hash per message). Off unless a coalition tripwire asks for it. */
  readonly coalitions?: CoalitionOptions | false;
  /** Loops are looked for on every direct message when a detector is given. */
  readonly livelock?: LivelockDetector;
}

const RESOURCES: readonly BudgetResource[] = ['messages', 'steps', 'mailbox'];
const OVER_BUDGET_SHOWN = 20;

/**
 * Reads the bus taps and the agents' counters into metrics. Counting is inline on the `published$` tap, so
 * a threshold is noticed on the message that crosses it, even when agents loop without simulated time
 * passing; the rest (coalitions, population) is computed once per window into a {@link MetricSample}.
 * Sampling stops while the bus is quiet, so it never keeps a simulation running.
 *
 * @example
 * const sampler = new MetricsSampler(port, { windowMs: 1000, budgets });
 * sampler.samples$.subscribe((s) => console.log(s.messages.count));
 */
export class MetricsSampler {
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly budgets: BudgetPolicy;
  private readonly coalitionOptions: CoalitionOptions | false;
  private readonly livelock: LivelockDetector | undefined;
  private readonly meters = new Map<AgentId, AgentMeter>();
  private readonly notAgents = new Set<AgentId>();
  private readonly topicHashes = new Map<string, number>();
  private readonly subscriptions: Subscription[] = [];
  private readonly sampleSubject = new Subject<MetricSample>();
  private readonly loopSubject = new Subject<Livelock>();
  private levels: BudgetLevel[] = [];
  private rateWatch:
    | { threshold: (previous: number) => number; onCross: (alarm: RateAlarm) => void }
    | undefined;
  private window = -1;
  private count = 0;
  private previous = 0;
  private rateThreshold = Number.POSITIVE_INFINITY;
  private sampledWindow = -1;
  private timer: unknown;
  private readonly metersDepth: boolean;
  private last: MetricSample | undefined;
  private stopped = false;

  /** One sample per window in which anything was published. */
  readonly samples$: Observable<MetricSample> = this.sampleSubject.asObservable();
  /** Loops found by the livelock detector. */
  readonly loops$: Observable<Livelock> = this.loopSubject.asObservable();

  constructor(
    private readonly port: SupervisionPort,
    options: SamplerOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 1000;
    this.clock = port.clock;
    this.budgets = options.budgets ?? {};
    this.coalitionOptions = options.coalitions ?? false;
    this.livelock = options.livelock;
    this.metersDepth = hasDepthBudget(this.budgets);
    for (const agent of port.agents()) this.meterOf(agent.id);
    this.subscriptions.push(port.published$.subscribe(this.onPublished));
    this.subscriptions.push(
      port.lifecycle$.subscribe((record) => {
        if (record.event === 'restarted') this.restarted(record.agent);
        else if (record.event === 'spawned') this.notAgents.delete(record.agent);
      }),
    );
  }

  /** Calls `onCross` whenever an agent's use of a resource reaches `ratio` of its allocation (exceeds it, if `strict`). */
  watchBudgets(level: BudgetLevel): void {
    this.levels = [...this.levels, level].sort(
      (a, b) => a.ratio - b.ratio || Number(a.strict) - Number(b.strict),
    );
    for (const meter of this.meters.values()) this.rearm(meter, RESOURCES);
  }

  /** Calls `onCross` when the messages of one window reach `threshold(previous window's count)`. */
  watchRate(threshold: (previous: number) => number, onCross: (alarm: RateAlarm) => void): void {
    this.rateWatch = { threshold, onCross };
    this.rateThreshold = threshold(this.previous);
  }

  /** The last sample taken, if any. */
  get latest(): MetricSample | undefined {
    return this.last;
  }

  /**
   * A sample of the current window so far, without publishing it on `samples$` (a halt report takes one;
   * sampling also runs by itself at the end of every window). `runningBefore` counts those agents as
   * running whatever their status now (a halt samples right after stopping them).
   */
  sample(runningBefore?: ReadonlySet<AgentId>): MetricSample {
    const window = this.window < 0 ? Math.floor(this.clock.now() / this.windowMs) : this.window;
    return this.takeSample(window, false, runningBefore);
  }

  /** The agent's current use of each metered resource. */
  usage(agent: AgentId): BudgetUse[] {
    const meter = this.meters.get(agent);
    if (meter === undefined) return [];
    return RESOURCES.filter((r) => Number.isFinite(meter.allowance[r])).map((r) => this.use(meter, r));
  }

  /** Forgets an agent's counters (after its circuit was closed, say). */
  reset(agent: AgentId): void {
    const meter = this.meters.get(agent);
    if (meter === undefined) return;
    meter.stepsBase = meter.agent.received;
    meter.sent = 0;
    this.rearm(meter, RESOURCES);
  }

  stop(): void {
    this.stopped = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.sampleSubject.complete();
    this.loopSubject.complete();
  }

  private readonly onPublished = (envelope: Envelope): void => {
    const now = this.clock.now();
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) this.roll(window);
    if (++this.count >= this.rateThreshold) this.rateCrossed(now);
    const meter = this.meterOf(envelope.sender);
    if (meter === undefined) return;
    if (meter.window !== window) this.startWindow(meter, window);
    if (++meter.sent >= meter.nextAlarm.messages) this.crossed(meter, 'messages', now);
    if (meter.steps >= meter.nextAlarm.steps) this.crossed(meter, 'steps', now);
    const tracking = this.coalitionOptions !== false;
    if (!tracking && !this.metersDepth && this.livelock === undefined) return;
    const receiver = envelope.receiver;
    const target = receiver.charCodeAt(0) === 35 || receiver === '*' ? undefined : this.meterOf(receiver);
    if (target === undefined) {
      if (tracking) this.fingerprint(meter, envelopeSignature(envelope), this.topicHash(receiver));
      meter.spokeOutside = true;
      return;
    }
    if (this.metersDepth) {
      // The envelope just published is not in the receiver's inbox yet: count it.
      const depth = target.agent.depth + 1;
      if (depth >= target.nextAlarm.mailbox) this.crossed(target, 'mailbox', now, depth);
    }
    if (tracking) {
      const signature = envelopeSignature(envelope);
      this.fingerprint(meter, signature, target.hash);
      meter.peers.add(target.id);
      this.observeLink(meter, target, signature, now);
    } else if (this.livelock !== undefined) {
      this.observeLink(meter, target, envelope, now);
    }
  };

  private observeLink(meter: AgentMeter, target: AgentMeter, said: Envelope | number, now: number): void {
    if (this.livelock === undefined) return;
    const loop = this.livelock.observe(meter.id, target.id, said, now);
    if (loop !== undefined) this.loopSubject.next(loop);
  }

  /** Mixes what was said, and to whom, into the sender's fingerprint of this window. */
  private fingerprint(meter: AgentMeter, signature: number, receiverHash: number): void {
    meter.fingerprint = mixInt(mixInt(meter.fingerprint, signature), receiverHash);
    meter.fingerprinted++;
  }

  private topicHash(receiver: string): number {
    let hash = this.topicHashes.get(receiver);
    if (hash === undefined) {
      hash = idHash(receiver);
      if (this.topicHashes.size < 10_000) this.topicHashes.set(receiver, hash);
    }
    return hash;
  }

  private meterOf(id: AgentId): AgentMeter | undefined {
    const meter = this.meters.get(id);
    if (meter !== undefined || this.notAgents.has(id)) return meter;
    const agent = this.port.agent(id);
    if (agent === undefined) {
      this.notAgents.add(id);
      return undefined;
    }
    const created = new AgentMeter(id, agent, budgetOf(this.budgets, id, agent.capabilities), this.windowMs);
    this.meters.set(id, created);
    this.rearm(created, RESOURCES);
    return created;
  }

  private forgetMeter(id: AgentId): void {
    this.meters.delete(id);
    this.livelock?.forget([id]);
  }

  private startWindow(meter: AgentMeter, window: number): void {
    meter.startWindow(window);
    this.rearm(meter, ['messages', 'mailbox']);
  }

  private restarted(id: AgentId): void {
    const meter = this.meters.get(id);
    if (meter === undefined) return;
    meter.stepsBase = meter.agent.received;
    this.rearm(meter, ['steps']);
    this.livelock?.forget([id]);
  }

  /** Resets alarm levels of `resources` and computes the value at which the first goes off. */
  private rearm(meter: AgentMeter, resources: readonly BudgetResource[]): void {
    for (const resource of resources) {
      meter.levels[resource] = 0;
      meter.nextAlarm[resource] = this.thresholdAt(meter, resource, 0);
    }
  }

  private thresholdAt(meter: AgentMeter, resource: BudgetResource, index: number): number {
    const level = this.levels[index];
    const allowance = meter.allowance[resource];
    if (level === undefined || !Number.isFinite(allowance)) return Number.POSITIVE_INFINITY;
    const limit = level.ratio * allowance;
    return level.strict ? Math.floor(limit) + 1 : Math.ceil(limit - 1e-9);
  }

  /** Raises every alarm level `value` (by default the resource's use now) reached that was not raised yet. */
  private crossed(
    meter: AgentMeter,
    resource: BudgetResource,
    at: number,
    value = this.valueOf(meter, resource),
  ): void {
    while (value >= meter.nextAlarm[resource]) {
      const level = this.levels[meter.levels[resource]]!;
      meter.levels[resource]++;
      meter.nextAlarm[resource] = this.thresholdAt(meter, resource, meter.levels[resource]);
      if (this.stopped) return;
      const allocation = meter.allowance[resource];
      level.onCross({ agent: meter.id, resource, value, allocation, ratio: value / allocation, at });
    }
  }

  /** The use of `resource`; for messages, those sent in `window` (default: the current one). */
  private valueOf(meter: AgentMeter, resource: BudgetResource, window?: number): number {
    switch (resource) {
      case 'messages':
        return meter.window === (window ?? Math.floor(this.clock.now() / this.windowMs)) ? meter.sent : 0;
      case 'steps':
        return meter.steps;
      case 'mailbox':
        return meter.agent.depth;
    }
  }

  private use(meter: AgentMeter, resource: BudgetResource): BudgetUse {
    const value = this.valueOf(meter, resource);
    const allocation = meter.allowance[resource];
    return { agent: meter.id, resource, value, allocation, ratio: value / allocation };
  }

  private rateCrossed(at: number): void {
    const watch = this.rateWatch;
    if (watch === undefined) return;
    const alarm: RateAlarm = {
      count: this.count,
      previous: this.previous,
      threshold: this.rateThreshold,
      at,
    };
    this.rateThreshold = Number.POSITIVE_INFINITY;
    watch.onCross(alarm);
  }

  /** A new window began: close the last one (sampling it if its timer has not) and start counting again. */
  private roll(window: number): void {
    if (this.window >= 0 && this.sampledWindow < this.window) this.takeSample(this.window);
    this.previous = window === this.window + 1 ? this.count : 0;
    this.count = 0;
    this.window = window;
    this.rateThreshold =
      this.rateWatch === undefined ? Number.POSITIVE_INFINITY : this.rateWatch.threshold(this.previous);
    this.arm(window);
  }

  /** Samples at the end of `window`, unless traffic (or the clock) gets there first. */
  private arm(window: number): void {
    if (this.timer !== undefined || this.stopped) return;
    const clock = this.clock;
    const end = (window + 1) * this.windowMs;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      const current = Math.floor(clock.now() / this.windowMs);
      if (this.sampledWindow < this.window && this.window < current) this.takeSample(this.window);
      else if (this.window === current && this.count > 0) this.arm(current);
    }, end - clock.now());
  }

  private takeSample(window: number, publish = true, runningBefore?: ReadonlySet<AgentId>): MetricSample {
    if (publish) this.sampledWindow = Math.max(this.sampledWindow, window);
    const activity = new Map<AgentId, WindowActivity>();
    const peaks: Partial<Record<BudgetResource, BudgetUse>> = {};
    const over: BudgetUse[] = [];
    let population = 0;
    for (const meter of this.meters.values()) {
      const status = meter.agent.status;
      if (status !== 'running' && runningBefore?.has(meter.id) !== true) {
        // An agent that finished, or was removed, will not send again: forget it.
        if (status === 'done' || this.port.agent(meter.id) !== meter.agent) this.forgetMeter(meter.id);
        continue;
      }
      population++;
      for (const resource of RESOURCES) {
        const allocation = meter.allowance[resource];
        if (allocation === Number.POSITIVE_INFINITY) continue;
        const value = this.valueOf(meter, resource, window);
        const ratio = value / allocation;
        const peak = peaks[resource]?.ratio ?? -1;
        if (ratio <= peak && ratio < 1) continue;
        const use: BudgetUse = { agent: meter.id, resource, value, allocation, ratio };
        if (ratio > peak) peaks[resource] = use;
        if (ratio >= 1) over.push(use);
      }
      if (this.coalitionOptions === false) continue;
      const data = meter.windowData(window);
      if (data !== undefined) activity.set(meter.id, data);
    }
    // Quiet links only cost memory; sweeping them every few windows is enough.
    if (window % 8 === 0) this.livelock?.prune(this.clock.now());
    const current = window === this.window;
    const count = current ? this.count : 0;
    const previous = current ? this.previous : 0;
    const stats = this.port.stats();
    const sample: MetricSample = {
      at: this.clock.now(),
      window: { start: window * this.windowMs, ms: this.windowMs },
      population,
      messages: { count, previous, growth: previous === 0 ? count : count / previous },
      peaks,
      overBudget: over.sort((a, b) => b.ratio - a.ratio).slice(0, OVER_BUDGET_SHOWN),
      coalitions:
        this.coalitionOptions === false ? [] : findCoalitions(activity, population, this.coalitionOptions),
      bus: {
        published: stats.published,
        delivered: stats.delivered,
        deadLettered: stats.deadLettered,
        inFlight: stats.inFlight,
      },
    };
    if (!publish) return sample;
    this.last = sample;
    if (!this.stopped) this.sampleSubject.next(sample);
    return sample;
  }
}

function hasDepthBudget(policy: BudgetPolicy): boolean {
  const all = [
    policy.default,
    ...Object.values(policy.capabilities ?? {}),
    ...Object.values(policy.agents ?? {}),
  ];
  return all.some((budget) => budget?.mailboxDepth !== undefined);
}
