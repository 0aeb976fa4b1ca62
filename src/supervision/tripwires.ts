import type { Clock } from '../bus/clock.js';
import type { Measurement, TripwireKind } from '../protocol/supervision-content.js';
import type { BudgetResource } from './budgets.js';
import type { BudgetAlarm, MetricSample, MetricsSampler, RateAlarm } from './metrics-sampler.js';
import { SupervisionConfigError } from './supervision-errors.js';

/**
 * One tripwire of an emergency-shutdown policy. Each has a name (it shows up in the halt report; default:
 * its kind) and a threshold; it fires when its metric reaches the threshold.
 * - `budget`: an agent uses `factor` (default 2, i.e. 200 %) of its allocation of messages per second,
 *   steps or mailbox depth;
 * - `coalition`: agents acting in lockstep (identical messages, or talking only among themselves) make up
 *   `share` (default 0.8) of the running population over a window;
 * - `message-rate`: one window carries `growth` (default 10) times the messages of the one before, and at
 *   least `minMessages` (default 1000);
 * - `restart-intensity`: the supervisor at the top of the tree gave up;
 * - `dead-mans-switch`: no operator heartbeat for `timeoutMs`;
 * - `kill-switch`: the operator pressed stop.
 *
 * @example
 * const tripwires: TripwireSpec[] = [
 *   { kind: 'budget', factor: 2 },
 *   { kind: 'coalition', name: 'cartel', share: 0.8 },
 *   { kind: 'dead-mans-switch', timeoutMs: 30_000 },
 * ];
 */
export type TripwireSpec =
  | {
      readonly kind: 'budget';
      readonly name?: string;
      readonly factor?: number;
      readonly resources?: readonly BudgetResource[];
    }
  | {
      readonly kind: 'coalition';
      readonly name?: string;
      readonly share?: number;
      readonly minMembers?: number;
      readonly minMessages?: number;
      readonly minDensity?: number;
    }
  | {
      readonly kind: 'message-rate';
      readonly name?: string;
      readonly growth?: number;
      readonly minMessages?: number;
    }
  | { readonly kind: 'restart-intensity'; readonly name?: string }
  | { readonly kind: 'dead-mans-switch'; readonly name?: string; readonly timeoutMs: number }
  | { readonly kind: 'kill-switch'; readonly name?: string };

/** A tripwire's standing now: its metric's value against its threshold. */
export interface TripwireStatus {
  readonly name: string;
  readonly kind: TripwireKind;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  readonly fired: boolean;
  readonly subjects?: readonly string[];
}

/** A tripwire that fired: which, the measurement that made it fire, and the sample around it. */
export interface TripwireFiring {
  readonly name: string;
  readonly kind: TripwireKind;
  readonly measurement: Measurement;
  /** In words, for the record. */
  readonly reason: string;
  readonly at: number;
}

interface Armed {
  readonly spec: TripwireSpec;
  readonly name: string;
  status: TripwireStatus;
}

const METRIC: Record<TripwireKind, string> = {
  budget: 'budget use (× allocation)',
  coalition: 'largest coalition (share of population)',
  'message-rate': 'messages this window',
  'restart-intensity': 'top supervisor gave up',
  'dead-mans-switch': 'ms since the last heartbeat',
  'kill-switch': 'operator stop',
};

/**
 * An emergency-shutdown policy at work: evaluates its tripwires on the sampler's alarms (the message that
 * crosses a threshold) and samples (once per window), runs the dead man's switch on the clock, and calls
 * `fire` with the first tripwire that fires. The restart-intensity and kill-switch tripwires are always
 * armed (name them in the policy to rename them).
 *
 * @example
 * const policy = new Tripwires(specs, sampler, clock, (firing) => emergency.halt(firing));
 * policy.heartbeat();
 */
export class Tripwires {
  private readonly armed: Armed[];
  private heartbeatTimer: unknown;
  private lastHeartbeat: number;
  private stopped = false;

  constructor(
    specs: readonly TripwireSpec[],
    private readonly sampler: MetricsSampler,
    private readonly clock: Clock,
    private readonly fire: (firing: TripwireFiring) => void,
  ) {
    const all = withDefaults(specs);
    checkSpecs(all);
    this.armed = all.map((spec) => {
      const name = spec.name ?? spec.kind;
      return { spec, name, status: initialStatus(spec, name) };
    });
    this.lastHeartbeat = clock.now();
    for (const tripwire of this.armed) this.install(tripwire);
    sampler.samples$.subscribe((sample) => this.evaluate(sample));
  }

  /** Every tripwire's value against its threshold. */
  statuses(): TripwireStatus[] {
    return this.armed.map((t) => t.status);
  }

  /** True when a tripwire of `kind` is declared. */
  has(kind: TripwireKind): boolean {
    return this.armed.some((t) => t.spec.kind === kind);
  }

  /** Feeds the dead man's switch. */
  heartbeat(): void {
    this.lastHeartbeat = this.clock.now();
    for (const tripwire of this.armed) {
      if (tripwire.spec.kind === 'dead-mans-switch') this.armDeadMan(tripwire, tripwire.spec.timeoutMs);
    }
  }

  /** The operator pressed stop. */
  killSwitch(reason: string): void {
    const tripwire = this.first('kill-switch');
    this.trip(
      tripwire,
      { metric: METRIC['kill-switch'], value: 1, threshold: 1 },
      `the operator pressed stop: ${reason}`,
    );
  }

  /** The supervisor at the top of the tree gave up. */
  topGaveUp(reason: string, subjects: readonly string[]): void {
    const tripwire = this.first('restart-intensity');
    this.trip(
      tripwire,
      { metric: METRIC['restart-intensity'], value: 1, threshold: 1, subjects: [...subjects] },
      reason,
    );
  }

  /** Rearms every tripwire after a resume: statuses cleared, the dead man's switch restarted. */
  rearm(): void {
    for (const tripwire of this.armed) tripwire.status = initialStatus(tripwire.spec, tripwire.name);
    this.heartbeat();
  }

  stop(): void {
    this.stopped = true;
    if (this.heartbeatTimer !== undefined) this.clock.clearTimeout(this.heartbeatTimer);
  }

  private first(kind: TripwireKind): Armed {
    return this.armed.find((t) => t.spec.kind === kind)!;
  }

  private install(tripwire: Armed): void {
    const spec = tripwire.spec;
    switch (spec.kind) {
      case 'budget': {
        const factor = thresholdOf(spec);
        const resources = spec.resources ?? ALL_RESOURCES;
        this.sampler.watchBudgets({
          ratio: factor,
          strict: false,
          onCross: (alarm) => {
            if (resources.includes(alarm.resource)) this.budgetFired(tripwire, alarm, factor);
          },
        });
        break;
      }
      case 'message-rate':
        this.sampler.watchRate(
          (previous) => thresholdOf(spec, previous),
          (alarm) => this.rateFired(tripwire, alarm, spec.growth ?? 10),
        );
        break;
      case 'dead-mans-switch':
        this.armDeadMan(tripwire, spec.timeoutMs);
        break;
      default:
        break;
    }
  }

  private budgetFired(tripwire: Armed, alarm: BudgetAlarm, factor: number): void {
    const allowed = alarm.allocation * factor;
    const status: TripwireStatus = {
      ...tripwire.status,
      value: alarm.value / alarm.allocation,
      threshold: factor,
      subjects: [alarm.agent],
      fired: true,
    };
    this.trip(
      tripwire,
      {
        metric: `${alarm.resource} used by '${alarm.agent}'`,
        value: alarm.value,
        threshold: allowed,
        subjects: [alarm.agent],
      },
      `'${alarm.agent}' used ${alarm.value} ${RESOURCE_WORDS[alarm.resource]}, ${fmt(alarm.value / alarm.allocation)}× its allocation of ${fmt(alarm.allocation)} (limit ${fmt(factor)}×)`,
      status,
    );
  }

  private rateFired(tripwire: Armed, alarm: RateAlarm, growth: number): void {
    this.trip(
      tripwire,
      { metric: METRIC['message-rate'], value: alarm.count, threshold: alarm.threshold },
      `${alarm.count} messages in one window after ${alarm.previous} in the one before (limit: ${fmt(growth)}× growth, ${alarm.threshold} messages)`,
    );
  }

  private armDeadMan(tripwire: Armed, timeoutMs: number): void {
    if (this.stopped) return;
    if (this.heartbeatTimer !== undefined) this.clock.clearTimeout(this.heartbeatTimer);
    const since = this.lastHeartbeat;
    this.heartbeatTimer = this.clock.setTimeout(() => {
      this.heartbeatTimer = undefined;
      const silent = this.clock.now() - since;
      this.trip(
        tripwire,
        { metric: METRIC['dead-mans-switch'], value: silent, threshold: timeoutMs },
        `no operator heartbeat for ${silent} ms (limit ${timeoutMs} ms)`,
      );
    }, timeoutMs);
  }

  /** Updates statuses from a sample and fires what the sample shows past its threshold. */
  private evaluate(sample: MetricSample): void {
    for (const tripwire of this.armed) {
      const measured = measure(tripwire.spec, sample);
      if (measured === undefined) continue;
      if (measured.value >= measured.threshold)
        this.trip(tripwire, measured, describe(tripwire.spec, measured, sample));
      else tripwire.status = { ...tripwire.status, ...measured };
    }
  }

  private trip(tripwire: Armed, measurement: Measurement, reason: string, status?: TripwireStatus): void {
    if (this.stopped) return;
    tripwire.status = status ?? { ...tripwire.status, ...measurement, fired: true };
    this.fire({ name: tripwire.name, kind: tripwire.spec.kind, measurement, reason, at: this.clock.now() });
  }
}

const ALL_RESOURCES: readonly BudgetResource[] = ['messages', 'steps', 'mailbox'];

const RESOURCE_WORDS: Record<BudgetResource, string> = {
  messages: 'messages this window',
  steps: 'steps',
  mailbox: 'queued envelopes',
};

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function withDefaults(specs: readonly TripwireSpec[]): TripwireSpec[] {
  const all = [...specs];
  if (!all.some((s) => s.kind === 'restart-intensity')) all.push({ kind: 'restart-intensity' });
  if (!all.some((s) => s.kind === 'kill-switch')) all.push({ kind: 'kill-switch' });
  return all;
}

function checkSpecs(specs: readonly TripwireSpec[]): void {
  const names = new Set<string>();
  for (const spec of specs) {
    const name = spec.name ?? spec.kind;
    if (names.has(name)) {
      throw new SupervisionConfigError(`two tripwires are named '${name}'; give each its own name`);
    }
    names.add(name);
    const numbers: Array<[string, number | undefined, number]> =
      spec.kind === 'budget'
        ? [['factor', spec.factor, 0]]
        : spec.kind === 'coalition'
          ? [['share', spec.share, 0]]
          : spec.kind === 'message-rate'
            ? [
                ['growth', spec.growth, 0],
                ['minMessages', spec.minMessages, -1],
              ]
            : spec.kind === 'dead-mans-switch'
              ? [['timeoutMs', spec.timeoutMs, 0]]
              : [];
    for (const [field, value, above] of numbers) {
      if (value !== undefined && !(Number.isFinite(value) && value > above)) {
        throw new SupervisionConfigError(
          `tripwire '${name}' has ${field} = ${String(value)}; use a finite number above ${above}`,
        );
      }
    }
    if (spec.kind === 'coalition' && spec.share !== undefined && spec.share > 1) {
      throw new SupervisionConfigError(
        `tripwire '${name}' has share = ${spec.share}; a share is between 0 and 1`,
      );
    }
  }
}

function initialStatus(spec: TripwireSpec, name: string): TripwireStatus {
  return {
    name,
    kind: spec.kind,
    metric: METRIC[spec.kind],
    value: 0,
    threshold: thresholdOf(spec),
    fired: false,
  };
}

/**
 * The value at which a tripwire fires; for `message-rate` it depends on the window before, which had
 * `previous` messages.
 */
function thresholdOf(spec: TripwireSpec, previous = 0): number {
  switch (spec.kind) {
    case 'budget':
      return spec.factor ?? 2;
    case 'coalition':
      return spec.share ?? 0.8;
    case 'message-rate':
      return Math.max(spec.minMessages ?? 1000, Math.ceil((spec.growth ?? 10) * previous));
    case 'dead-mans-switch':
      return spec.timeoutMs;
    default:
      return 1;
  }
}

/** The value a sample shows for a tripwire evaluated on samples (the others fire on alarms or events). */
function measure(spec: TripwireSpec, sample: MetricSample): Measurement | undefined {
  switch (spec.kind) {
    case 'budget': {
      const resources = spec.resources ?? ALL_RESOURCES;
      const peak = resources
        .map((r) => sample.peaks[r])
        .filter((u) => u !== undefined)
        .sort((a, b) => b.ratio - a.ratio)[0];
      return {
        metric: METRIC.budget,
        value: peak?.ratio ?? 0,
        threshold: thresholdOf(spec),
        ...(peak === undefined ? {} : { subjects: [peak.agent] }),
      };
    }
    case 'coalition': {
      const largest = sample.coalitions[0];
      return {
        metric: METRIC.coalition,
        value: largest?.share ?? 0,
        threshold: thresholdOf(spec),
        ...(largest === undefined ? {} : { subjects: [...largest.members] }),
      };
    }
    case 'message-rate':
      return {
        metric: METRIC['message-rate'],
        value: sample.messages.count,
        threshold: thresholdOf(spec, sample.messages.previous),
      };
    default:
      return undefined;
  }
}

function describe(spec: TripwireSpec, measurement: Measurement, sample: MetricSample): string {
  switch (spec.kind) {
    case 'budget':
      return `'${measurement.subjects?.[0] ?? '?'}' used ${fmt(measurement.value)}× its allocation (limit ${fmt(measurement.threshold)}×)`;
    case 'coalition': {
      const c = sample.coalitions[0]!;
      return `${c.size} of ${sample.population} agents (${Math.round(c.share * 100)} %) acted in lockstep (${c.basis}) over ${sample.window.ms} ms (limit ${Math.round(measurement.threshold * 100)} %)`;
    }
    default:
      return `${measurement.metric}: ${fmt(measurement.value)} (limit ${fmt(measurement.threshold)})`;
  }
}
