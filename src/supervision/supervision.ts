import { type Observable, Subject } from 'rxjs';
import { PASS } from '../bus/interceptor.js';
import type { AgentId } from '../protocol/ids.js';
import type { ChaosStep } from '../protocol/supervision-content.js';
import type { AgentSystem } from '../runtime/system.js';
import type { BudgetPolicy } from './budgets.js';
import { checkBudgets } from './budgets.js';
import { ChaosObserver, type ChaosObserverOptions } from './chaos/chaos-observer.js';
import { type ChaosLogEntry, ChaosRunner } from './chaos/chaos-runner.js';
import type { ChaosSettings } from './chaos/fault.js';
import { CircuitBreakers, type CircuitOptions, type OpenCircuit } from './circuit-breaker.js';
import type { CoalitionOptions } from './coalitions.js';
import { EmergencyStop, type HaltReport, type ResumeRecord } from './emergency-stop.js';
import { LivelockDetector, type LivelockOptions } from './livelock-detector.js';
import { LivelockGuard } from './livelock-guard.js';
import { type MetricSample, MetricsSampler } from './metrics-sampler.js';
import type { SnapshotStore } from './snapshot-store.js';
import {
  runSupervisionCommand,
  type SupervisionCommandResult,
  type SupervisionControls,
} from './supervision-controls.js';
import { OperatorCommandError } from './supervision-errors.js';
import type { SupervisionPort } from './supervision-port.js';
import { buildTree, type SupervisorSpec } from './supervision-tree.js';
import { type SupervisorDecision, SupervisorHost, type SupervisorStatus } from './supervisor-host.js';
import { systemPort } from './system-supervision.js';
import { type TripwireFiring, type TripwireSpec, type TripwireStatus, Tripwires } from './tripwires.js';

/** The chaos part of a supervision: a schedule (see `chaosSchedule`) the supervisor runs when enabled. */
export interface ChaosOptions {
  readonly steps: readonly ChaosStep[];
  readonly settings?: Partial<ChaosSettings>;
  /** Start with chaos on. Default false: the operator switches it on. */
  readonly enabled?: boolean;
  /** How faults are attributed and judged. */
  readonly observe?: Omit<ChaosObserverOptions, 'samples$'>;
}

/**
 * Everything supervision does on a system; each part is optional.
 *
 * @example
 * supervise(system, {
 *   tree: { id: 'root', strategy: 'one-for-one', children: ['a', 'b'] },
 *   budgets: { default: { messagesPerSecond: 100, mailboxDepth: 500 } },
 *   tripwires: [{ kind: 'budget' }, { kind: 'coalition' }, { kind: 'dead-mans-switch', timeoutMs: 30_000 }],
 * });
 */
export interface SupervisionOptions {
  /** Who restarts whom. Without one, nothing is restarted, but the safety policy still runs. */
  readonly tree?: SupervisorSpec;
  readonly budgets?: BudgetPolicy;
  /** The emergency-shutdown policy; restart-intensity and kill-switch are always armed. */
  readonly tripwires?: readonly TripwireSpec[];
  /** The livelock and budget guard (on by default); `false` turns it off. */
  readonly guard?: { readonly budgets?: boolean; readonly livelock?: LivelockOptions | false } | false;
  readonly circuits?: CircuitOptions;
  /** Where snapshots go: restarts `from: 'snapshot'` read them, a halt writes them. */
  readonly store?: SnapshotStore;
  /**
   * How a resume brings back the agents the halt stopped: from the snapshots it took (the default with a
   * store), or fresh. Restored agents lose pending `after` delays (an XState limit), so agents that run on
   * timers resume better fresh.
   */
  readonly resumeFrom?: 'snapshot' | 'fresh';
  /** The metering window (ms). Default 1000. */
  readonly windowMs?: number;
  /** Refuse envelopes stamped more than this many ms in the future as `invalid`. Default 1000; `false` turns it off. */
  readonly maxClockSkewMs?: number | false;
  /** Look for coalitions even without a coalition tripwire (chaos runs do, to notice Sybils). */
  readonly coalitions?: CoalitionOptions;
  readonly chaos?: ChaosOptions;
  /** Seeds the supervisors' jitter. Default: the system's seed. */
  readonly seed?: number;
}

/** What the guard did, as the panel shows it. */
export interface GuardRecord {
  readonly at: number;
  readonly kind: 'livelock' | 'over-budget';
  readonly detail: string;
}

/**
 * Supervision as plain JSON, for panels and reports: the machines' states, the tripwires' values against
 * their thresholds, restarts and decisions, open circuits, the halt, and the chaos log.
 */
export interface SupervisionState {
  readonly at: number;
  readonly status: 'running' | 'halted';
  readonly supervisors: readonly SupervisorStatus[];
  readonly tripwires: readonly TripwireStatus[];
  /** The current halt, while halted (without the list of stopped agents). */
  readonly halt: Omit<HaltReport, 'stopped'> | undefined;
  readonly halts: number;
  readonly circuits: readonly OpenCircuit[];
  /** The latest decisions (at most 50), oldest first. */
  readonly decisions: readonly SupervisorDecision[];
  readonly guard: readonly GuardRecord[];
  readonly chaos:
    | { readonly enabled: boolean; readonly state: string; readonly log: readonly ChaosLogEntry[] }
    | undefined;
  readonly metrics: MetricSample | undefined;
}

const DECISIONS_KEPT = 50;

/**
 * Supervision running on one system: the supervision tree, the metrics sampler, the emergency-shutdown
 * policy, the livelock and budget guard with the circuit breakers, and optionally the chaos monkey.
 * Create it with {@link supervise}.
 *
 * @example
 * const supervision = supervise(system, { tree: { id: 'root', children: ['a'] } });
 * supervision.supervisorState('root'); // 'supervising'
 */
export class Supervision {
  readonly port: SupervisionPort;
  readonly sampler: MetricsSampler;
  readonly breakers: CircuitBreakers;
  readonly emergency: EmergencyStop;
  readonly tripwires: Tripwires;
  readonly chaos: ChaosRunner | undefined;
  readonly chaosObserver: ChaosObserver | undefined;
  /** The operator's levers. */
  readonly controls: SupervisionControls;
  private readonly host: SupervisorHost | undefined;
  private readonly guard: LivelockGuard | undefined;
  private readonly decisions: SupervisorDecision[] = [];
  private readonly guardLog: GuardRecord[] = [];
  private readonly stateSubject = new Subject<SupervisionState>();
  private readonly removals: Array<() => void> = [];
  private readonly snapshotted: readonly AgentId[];
  /** Envelopes refused because they were stamped too far in the future. */
  futureStamped = 0;

  /** The state after every change (a decision, a sample, a halt, a circuit, a fault). */
  readonly state$: Observable<SupervisionState> = this.stateSubject.asObservable();

  constructor(system: AgentSystem, options: SupervisionOptions = {}) {
    checkBudgets(options.budgets ?? {});
    const port = systemPort(system, options.store);
    this.port = port;
    const seed = options.seed ?? system.rng.seed;
    const tree = options.tree === undefined ? undefined : buildTree(options.tree, seed);
    const guardOptions = options.guard === false ? undefined : (options.guard ?? {});
    const coalition = options.tripwires?.find((t) => t.kind === 'coalition');
    this.sampler = new MetricsSampler(port, {
      windowMs: options.windowMs ?? 1000,
      budgets: options.budgets ?? {},
      coalitions:
        coalition?.kind === 'coalition'
          ? { ...options.coalitions, ...coalition }
          : options.coalitions !== undefined || options.chaos !== undefined
            ? (options.coalitions ?? {})
            : false,
      ...(guardOptions === undefined || guardOptions.livelock === false
        ? {}
        : { livelock: new LivelockDetector(guardOptions.livelock ?? {}) }),
    });
    this.breakers = new CircuitBreakers(port, options.circuits, () => this.changed());
    this.emergency = new EmergencyStop(
      port,
      { snapshot: options.store !== undefined, resumeFrom: options.resumeFrom ?? 'snapshot' },
      (running) => this.sampler.sample(running),
    );
    if (guardOptions !== undefined) {
      this.guard = new LivelockGuard(this.sampler, this.breakers, guardOptions, (action) => {
        this.guardLog.push({ at: port.clock.now(), kind: action.kind, detail: action.detail });
        if (this.guardLog.length > DECISIONS_KEPT) this.guardLog.shift();
      });
    }
    this.tripwires = new Tripwires(options.tripwires ?? [], this.sampler, port.clock, (firing) =>
      this.fire(firing),
    );
    if (tree !== undefined) {
      this.host = new SupervisorHost(port, tree, {
        topGaveUp: (reason, supervisor) => this.tripwires.topGaveUp(reason, [supervisor]),
        quiet: () => this.emergency.halting || this.emergency.halted,
        decided: (decision) => {
          this.decisions.push(decision);
          if (this.decisions.length > DECISIONS_KEPT) this.decisions.shift();
          this.changed();
        },
      });
    }
    this.snapshotted =
      tree === undefined || options.store === undefined
        ? []
        : [...tree.supervisors.values()].flatMap((node) =>
            node.children.filter((c) => c.type === 'agent' && c.from === 'snapshot').map((c) => c.id),
          );
    this.installClockGuard(options.maxClockSkewMs ?? 1000);
    if (options.chaos !== undefined) {
      this.chaos = new ChaosRunner(
        port,
        options.chaos.steps,
        { settings: options.chaos.settings ?? {} },
        () => this.changed(),
      );
      this.chaosObserver = new ChaosObserver(port, this.chaos, {
        ...options.chaos.observe,
        samples$: this.sampler.samples$,
      });
      if (options.chaos.enabled === true) this.chaos.enable();
    }
    this.sampler.samples$.subscribe(() => {
      for (const id of this.snapshotted) port.snapshotAgent(id);
      this.changed();
    });
    this.controls = this.makeControls();
  }

  get halted(): boolean {
    return this.emergency.halted;
  }

  /** The current halt's report, while halted. */
  get haltReport(): HaltReport | undefined {
    return this.emergency.report;
  }

  /** The state of one supervisor machine (`supervising`, `backingOff`, `restarting`, `gaveUp`, `stopped`, `halted`). */
  supervisorState(id: string): string | undefined {
    return this.host?.stateOf(id);
  }

  /**
   * The operator controls in the shape the inspector's buttons expect (`available`, `halt`, `resume`,
   * `setChaos`, `state`): pass them to the inspector collector's `useControls`. `onChange` is called after
   * each change, e.g. to announce the new state.
   *
   * @example
   * collector.useControls(supervision.inspectorControls(() => collector.writeControls()));
   */
  inspectorControls(onChange: () => void = () => {}) {
    const subscription = this.state$.subscribe(() => onChange());
    const controls = this.controls;
    return {
      available: (this.chaos === undefined ? ['halt', 'resume'] : ['halt', 'resume', 'chaos']) as readonly (
        | 'halt'
        | 'resume'
        | 'chaos'
      )[],
      halt: (reason: string) => void controls.halt(reason),
      resume: (reason: string) => void controls.resume(reason),
      ...(this.chaos === undefined ? {} : { setChaos: (enabled: boolean) => controls.setChaos(enabled) }),
      state: () => {
        const halt = this.emergency.report;
        const last = this.emergency.resumes.at(-1);
        const reason = halt?.reason ?? last?.reason;
        return {
          halted: this.halted,
          ...(reason === undefined ? {} : { reason }),
          ...(this.chaos === undefined ? {} : { chaos: this.chaos.enabled }),
        };
      },
      dispose: () => subscription.unsubscribe(),
    };
  }

  /** Supervision as plain JSON now. */
  state(): SupervisionState {
    const report = this.emergency.report;
    let halt: Omit<HaltReport, 'stopped'> | undefined;
    if (report !== undefined) {
      const { stopped: _stopped, ...rest } = report;
      halt = rest;
    }
    return {
      at: this.port.clock.now(),
      status: this.halted ? 'halted' : 'running',
      supervisors: this.host?.statuses() ?? [],
      tripwires: this.tripwires.statuses(),
      halt,
      halts: this.emergency.history.length,
      circuits: this.breakers.list(),
      decisions: [...this.decisions],
      guard: [...this.guardLog],
      chaos:
        this.chaos === undefined
          ? undefined
          : { enabled: this.chaos.enabled, state: this.chaos.state, log: this.chaos.log },
      metrics: this.sampler.latest,
    };
  }

  /** Detaches everything: machines, taps, interceptors, timers. Open circuits are closed. */
  stop(): void {
    this.chaos?.stop();
    this.chaosObserver?.stop();
    this.host?.stop();
    this.guard?.stop();
    this.tripwires.stop();
    this.sampler.stop();
    this.breakers.dispose();
    for (const remove of this.removals) remove();
    this.stateSubject.complete();
  }

  private fire(firing: TripwireFiring): void {
    const report = this.emergency.halt(firing);
    if (report === undefined) return;
    if (this.chaos?.enabled === true) this.chaos.disable(`halted by tripwire '${firing.name}'`);
    this.host?.broadcast({ type: 'system.halted', tripwire: firing.name, at: firing.at });
    this.changed();
  }

  private resume(reason: string): ResumeRecord {
    const record = this.emergency.resume(reason);
    this.tripwires.rearm();
    this.host?.broadcast({ type: 'system.resumed', reason, at: record.at });
    this.host?.restartIdle(new Set(record.quarantined));
    this.changed();
    return record;
  }

  private installClockGuard(maxSkewMs: number | false): void {
    if (maxSkewMs === false) return;
    const clock = this.port.clock;
    this.removals.push(
      this.port.intercept(
        (envelope) => {
          const ahead = envelope.sentAt - clock.now();
          if (ahead <= maxSkewMs) return PASS;
          this.futureStamped++;
          return {
            drop: `stamped ${ahead} ms in the future by '${envelope.sender}' (more than ${maxSkewMs} ms of clock skew)`,
            reason: 'invalid',
          };
        },
        { last: true },
      ),
    );
  }

  private changed(): void {
    if (this.stateSubject.observed) this.stateSubject.next(this.state());
  }

  private makeControls(): SupervisionControls {
    const controls: SupervisionControls = {
      halt: (reason) => {
        this.tripwires.killSwitch(reason);
        return this.emergency.report;
      },
      resume: (reason) => this.resume(reason),
      heartbeat: () => this.tripwires.heartbeat(),
      setChaos: (enabled) => {
        if (this.chaos === undefined) {
          throw new OperatorCommandError(
            'no chaos schedule is configured; pass chaos: { steps } to supervise()',
          );
        }
        if (enabled) this.chaos.enable();
        else this.chaos.disable('switched off by the operator');
      },
      command: (input): SupervisionCommandResult => runSupervisionCommand(controls, input),
    };
    return controls;
  }
}

/**
 * Puts a system under supervision.
 *
 * @example
 * const supervision = supervise(system, { tree: { id: 'root', children: ['worker-1', 'worker-2'] } });
 * supervision.state$.subscribe((state) => render(supervisorPanelFrame(state)));
 * supervision.controls.halt('manual test of the kill switch');
 */
export function supervise(system: AgentSystem, options: SupervisionOptions = {}): Supervision {
  return new Supervision(system, options);
}
