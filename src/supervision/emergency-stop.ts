import type { AgentId } from '../protocol/ids.js';
import type { HaltReportContent } from '../protocol/supervision-content.js';
import type { MetricSample } from './metrics-sampler.js';
import { MissingReasonError, NotHaltedError } from './supervision-errors.js';
import type { SupervisionPort } from './supervision-port.js';
import type { TripwireFiring } from './tripwires.js';

/** The sender name supervision's own lifecycle records carry. */
export const SUPERVISION_ID = 'polis.supervision';

/** The record of a halt: which tripwire fired, the measurement and the last metric sample, and what was done. */
export interface HaltReport extends HaltReportContent {
  /** The metric sample taken as the halt began. */
  readonly metrics: MetricSample | undefined;
  /** The agents the halt stopped, in spawn order. */
  readonly stopped: readonly AgentId[];
}

/** A resume: the operator's reason, when, how many agents were restarted, and which were kept stopped. */
export interface ResumeRecord {
  readonly reason: string;
  readonly at: number;
  readonly restarted: number;
  /** The agents the tripwire named (the runaway, the coalition): left stopped for someone to look at. */
  readonly quarantined: readonly AgentId[];
}

/**
 * The emergency stop. `halt` runs outside agent code and cannot be blocked: it seals the bus first (queued
 * messages are dead-lettered as `halted`, nothing is delivered after), then snapshots every running agent
 * when a store is present and stops every agent, and records the tripwire and its metrics. Only `resume`,
 * with a reason, undoes it: the bus is unsealed and the agents it stopped are restarted, from the
 * snapshots it took (unless told to start them fresh).
 *
 * @example
 * const stop = new EmergencyStop(port, { snapshot: true }, () => sampler.sample());
 * stop.halt(firing);
 * stop.resume('operator checked the logs');
 */
export class EmergencyStop {
  private current: HaltReport | undefined;
  /** True while a halt is being carried out (lifecycle events it causes are its own). */
  halting = false;
  /** Every halt so far, oldest first. */
  readonly history: HaltReport[] = [];
  readonly resumes: ResumeRecord[] = [];

  private readonly snapshots: boolean;
  private readonly resumeFrom: 'snapshot' | 'fresh';

  constructor(
    private readonly port: SupervisionPort,
    options: { readonly snapshot: boolean; readonly resumeFrom?: 'snapshot' | 'fresh' },
    private readonly metrics: (runningBefore: ReadonlySet<AgentId>) => MetricSample | undefined,
  ) {
    this.snapshots = options.snapshot;
    this.resumeFrom = options.snapshot ? (options.resumeFrom ?? 'snapshot') : 'fresh';
  }

  get halted(): boolean {
    return this.current !== undefined;
  }

  /** The current halt's report, while halted. */
  get report(): HaltReport | undefined {
    return this.current;
  }

  /** Halts the system for `firing`; returns the report, or `undefined` if it was halted already. */
  halt(firing: TripwireFiring): HaltReport | undefined {
    if (this.current !== undefined || this.halting) return undefined;
    this.halting = true;
    try {
      const reason = `tripwire '${firing.name}' fired: ${firing.reason}`;
      const deadLettered = this.port.seal(`halted: ${reason}`);
      const live: AgentId[] = [];
      const running = new Set<AgentId>();
      for (const agent of this.port.agents()) {
        if (agent.status !== 'running' && agent.status !== 'failed') continue;
        live.push(agent.id);
        if (agent.status === 'running') running.add(agent.id);
      }
      // Closed first, snapshotted while their actors still hold their state, then released.
      const { stopped, snapshots: snapshotsTaken } = this.port.stopAgents(
        live,
        `halted (${firing.name})`,
        this.snapshots ? running : undefined,
      );
      // Sampled once nothing can move any more; the agents just stopped still count as running.
      const metrics = this.safeMetrics(running);
      const report: HaltReport = {
        kind: 'halt-report',
        tripwire: firing.name,
        tripwireKind: firing.kind,
        reason,
        at: firing.at,
        measurement: firing.measurement,
        agentsStopped: stopped.length,
        snapshotsTaken,
        deadLetteredOnHalt: deadLettered,
        metrics,
        stopped,
      };
      this.current = report;
      this.history.push(report);
      this.port.announce({ event: 'halted', agent: SUPERVISION_ID, reason });
      return report;
    } finally {
      this.halting = false;
    }
  }

  /**
   * Ends the halt: unseals the bus and restarts the agents the halt stopped (from its snapshots when it took
   * some), except those the tripwire named, which stay stopped (quarantined) until restarted by hand.
   * Throws {@link NotHaltedError} when not halted and {@link MissingReasonError} without a reason.
   */
  resume(reason: string): ResumeRecord {
    const halt = this.current;
    if (halt === undefined) throw new NotHaltedError();
    if (reason.trim() === '') throw new MissingReasonError('resume');
    const suspects = new Set(halt.measurement.subjects ?? []);
    this.port.unseal();
    this.current = undefined;
    let restarted = 0;
    const quarantined: AgentId[] = [];
    for (const id of halt.stopped) {
      if (this.port.agent(id) === undefined) continue;
      if (suspects.has(id)) {
        quarantined.push(id);
        continue;
      }
      this.port.restartAgent(id, this.resumeFrom);
      restarted++;
    }
    const record: ResumeRecord = { reason, at: this.port.clock.now(), restarted, quarantined };
    this.resumes.push(record);
    this.port.announce({ event: 'resumed', agent: SUPERVISION_ID, reason });
    return record;
  }

  private safeMetrics(running: ReadonlySet<AgentId>): MetricSample | undefined {
    try {
      return this.metrics(running);
    } catch {
      return undefined;
    }
  }
}
