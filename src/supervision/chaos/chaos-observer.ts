import type { Observable, Subscription } from 'rxjs';
import type { Envelope } from '../../protocol/envelope.js';
import type { AgentId } from '../../protocol/ids.js';
import { type ChaosFaultName, PAYLOAD_FAULTS } from '../../protocol/supervision-content.js';
import type { MetricSample } from '../metrics-sampler.js';
import type { SupervisionPort } from '../supervision-port.js';
import type { ChaosLogEntry, ChaosRunner } from './chaos-runner.js';

/** What the taps saw of one fault: the symptoms supervision can notice. */
export interface FaultSignals {
  /** Dead letters the fault caused (they carry its tag). */
  deadLetters: number;
  /** Of those, refused by a decoder as `invalid`. */
  invalid: number;
  /** Deliveries to or from a target later than `lateAfterMs` after they were sent. */
  late: number;
  /** The same envelope delivered twice to the same recipient. */
  duplicates: number;
  /** Deliveries overtaken on their link by a message sent after them. */
  reordered: number;
  /** Envelopes from a target stamped in the future, refused or delivered. */
  futureStamped: number;
  /** Lifecycle of targets: failures, stops, restarts. */
  failed: number;
  stopped: number;
  restarted: number;
  /** Circuits opened on a target or an agent the fault brought. */
  circuits: number;
  /** Coalitions the sampler found that include an agent the fault brought. */
  lockstep: number;
  /** `failure` messages sent by an agent the fault brought, after it was awarded work. */
  reneged: number;
}

/** One fault's outcome: injected, noticed (and by what), recovered from. */
export interface FaultOutcome {
  readonly index: number;
  readonly fault: ChaosFaultName;
  readonly targets: readonly AgentId[];
  /** Agents the fault brought in (Byzantine, Sybil identities). */
  readonly agents: readonly AgentId[];
  readonly injectedAt: number;
  /** False when the fault could not be applied (its target was gone, say). */
  readonly applied: boolean;
  /** Messages or agents it touched (0 when nothing came its way while it was active). */
  readonly injected: number;
  readonly detected: boolean;
  /** The detectors that noticed it, in words. */
  readonly detectedBy: readonly string[];
  readonly recovered: boolean;
  /** Why it does not count as recovered, when it does not. */
  readonly unrecovered: string | undefined;
  readonly signals: Readonly<FaultSignals>;
}

export interface ChaosObserverOptions {
  /** A delivery this long after its `sentAt` counts as late (ms). Default 10. */
  readonly lateAfterMs?: number;
  /** How long after a fault is reverted its symptoms are still counted (ms). Default 2000. */
  readonly graceMs?: number;
  /** Metric samples, for lockstep coalitions. */
  readonly samples$?: Observable<MetricSample>;
}

const EVIDENCE: Record<ChaosFaultName, (s: FaultSignals, entry: ChaosLogEntry) => string[]> = {
  kill: (s) => (s.stopped > 0 ? ['lifecycle: unexpected stop'] : []),
  throw: (s) => (s.failed > 0 ? ['lifecycle: failure'] : []),
  drop: (s) => (s.deadLetters > 0 ? ['dead letters: dropped'] : []),
  delay: (s) => (s.late > 0 ? ['latency: late deliveries'] : []),
  duplicate: (s) => (s.duplicates > 0 ? ['duplicate deliveries (same id)'] : []),
  reorder: (s) => [
    ...(s.reordered > 0 ? ['out-of-order deliveries'] : []),
    ...(s.late > 0 ? ['latency: late deliveries'] : []),
  ],
  corrupt: (s) => (s.invalid > 0 ? ['decoder: invalid envelopes'] : []),
  partition: (s) => (s.deadLetters > 0 ? ['dead letters: partitioned'] : []),
  byzantine: (s) => [
    ...(s.reneged > 0 ? ['protocol: awarded work failed'] : []),
    ...(s.circuits > 0 ? ['guard: circuit opened'] : []),
  ],
  sybil: (s) => [
    ...(s.lockstep > 0 ? ['lockstep coalition'] : []),
    ...(s.circuits > 0 ? ['guard: circuit opened'] : []),
  ],
  starve: (s) => (s.late > 0 ? ['latency: late deliveries'] : []),
  'clock-skew': (s) => (s.futureStamped > 0 ? ['timestamps from the future'] : []),
  malformed: (_s, e) => (e.refused > 0 ? ['trust boundary: refused'] : []),
  oversized: (_s, e) => (e.refused > 0 ? ['trust boundary: refused'] : []),
  'deep-nesting': (_s, e) => (e.refused > 0 ? ['trust boundary: refused'] : []),
};

const emptySignals = (): FaultSignals => ({
  deadLetters: 0,
  invalid: 0,
  late: 0,
  duplicates: 0,
  reordered: 0,
  futureStamped: 0,
  failed: 0,
  stopped: 0,
  restarted: 0,
  circuits: 0,
  lockstep: 0,
  reneged: 0,
});

interface Watch {
  readonly signals: FaultSignals;
  readonly seen: Set<string>;
  readonly lastOnLink: Map<string, number>;
}

/**
 * Watches the taps while chaos runs and attributes what it sees to the faults: dead letters by the tag
 * they carry, late, duplicated or overtaken deliveries and lifecycle events by the faults' targets. It is
 * how a chaos report says, per fault, whether it was detected and by what, and whether the system
 * recovered (targets running again, the fault's own agents gone, every hostile payload refused).
 *
 * @example
 * const observer = new ChaosObserver(port, runner);
 * system.run();
 * observer.outcomes(); // [{ fault: 'drop', detected: true, detectedBy: ['dead letters: dropped'], ... }]
 */
export class ChaosObserver {
  private readonly watches = new Map<number, Watch>();
  private readonly sequence = new WeakMap<Envelope, number>();
  private readonly subscriptions: Subscription[] = [];
  private readonly lateAfterMs: number;
  private readonly graceMs: number;
  private published = 0;

  constructor(
    private readonly port: SupervisionPort,
    private readonly runner: ChaosRunner,
    options: ChaosObserverOptions = {},
  ) {
    this.lateAfterMs = options.lateAfterMs ?? 10;
    this.graceMs = options.graceMs ?? 2000;
    this.subscriptions.push(
      port.published$.subscribe((envelope) => {
        if (!this.sequence.has(envelope)) this.sequence.set(envelope, this.published++);
      }),
      port.delivered$.subscribe(({ envelope, recipient }) => this.delivered(envelope, recipient)),
      port.deadLetters$.subscribe((letter) => this.deadLetter(letter.envelope, letter.reason, letter.detail)),
      port.lifecycle$.subscribe((record) => this.lifecycle(record.event, record.agent)),
    );
    if (options.samples$ !== undefined) {
      this.subscriptions.push(options.samples$.subscribe((sample) => this.sampled(sample)));
    }
  }

  /** The outcome of every fault injected so far. */
  outcomes(): FaultOutcome[] {
    return this.runner.log.map((entry) => this.outcome(entry));
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private outcome(entry: ChaosLogEntry): FaultOutcome {
    const signals = this.watch(entry.index).signals;
    const detectedBy = EVIDENCE[entry.fault](signals, entry);
    const unrecovered = this.unrecovered(entry);
    return {
      index: entry.index,
      fault: entry.fault,
      targets: entry.targets,
      agents: entry.agents,
      injectedAt: entry.injectedAt,
      applied: entry.error === undefined,
      injected: entry.touched,
      detected: detectedBy.length > 0,
      detectedBy,
      recovered: unrecovered === undefined,
      unrecovered,
      signals: { ...signals },
    };
  }

  private unrecovered(entry: ChaosLogEntry): string | undefined {
    if (entry.error !== undefined) return `it could not be applied: ${entry.error}`;
    if (entry.revertedAt === undefined) return 'it is still active';
    if (this.port.sealed) return 'the system is halted';
    for (const id of entry.targets) {
      const agent = this.port.agent(id);
      if (agent === undefined) continue;
      if (agent.status !== 'running') return `'${id}' is ${agent.status}`;
      if (agent.circuit !== undefined) return `the circuit of '${id}' is open`;
    }
    for (const id of entry.agents) {
      if (this.port.agent(id) !== undefined) return `'${id}', brought in by the fault, is still there`;
    }
    if (entry.touched > 0 && PAYLOAD_FAULTS.has(entry.fault) && entry.refused < entry.touched) {
      return `${entry.touched - entry.refused} hostile payloads got past the trust boundary`;
    }
    return undefined;
  }

  private watch(index: number): Watch {
    let watch = this.watches.get(index);
    if (watch === undefined) {
      watch = { signals: emptySignals(), seen: new Set(), lastOnLink: new Map() };
      this.watches.set(index, watch);
    }
    return watch;
  }

  /** Faults active now or reverted less than the grace period ago. */
  private current(): ChaosLogEntry[] {
    const now = this.port.clock.now();
    return this.runner.entries.filter((e) => this.isCurrent(e, now));
  }

  private isCurrent(entry: ChaosLogEntry, now: number): boolean {
    return entry.revertedAt === undefined || now - entry.revertedAt <= this.graceMs;
  }

  private delivered(envelope: Envelope, recipient: AgentId): void {
    // Runs on every delivery: walks the log in place rather than building `current()`.
    const now = this.port.clock.now();
    for (const entry of this.runner.entries) {
      if (!this.isCurrent(entry, now)) continue;
      const targets = entry.targets;
      const { signals, seen, lastOnLink } = this.watch(entry.index);
      if (entry.agents.includes(envelope.sender) && envelope.performative === 'failure') signals.reneged++;
      const fromTarget = targets.includes(envelope.sender);
      if (!fromTarget && !targets.includes(recipient)) continue;
      if (now - envelope.sentAt > this.lateAfterMs) signals.late++;
      if (fromTarget && envelope.sentAt > now + 1) signals.futureStamped++;
      const key = `${envelope.id}>${recipient}`;
      if (seen.has(key)) signals.duplicates++;
      else seen.add(key);
      const seq = this.sequence.get(envelope);
      if (seq === undefined) continue;
      const link = `${envelope.sender}>${recipient}`;
      const last = lastOnLink.get(link);
      if (last !== undefined && seq < last) signals.reordered++;
      else lastOnLink.set(link, seq);
    }
  }

  private deadLetter(envelope: Envelope, reason: string, detail: string): void {
    const tagged = /^chaos#(\d+) /.exec(detail);
    if (tagged !== null) {
      const signals = this.watch(Number(tagged[1])).signals;
      signals.deadLetters++;
      if (reason === 'invalid') signals.invalid++;
      return;
    }
    if (reason !== 'invalid' || !detail.includes('future')) return;
    for (const entry of this.current()) {
      if (entry.targets.includes(envelope.sender)) this.watch(entry.index).signals.futureStamped++;
    }
  }

  private lifecycle(event: string, agent: AgentId): void {
    for (const entry of this.current()) {
      const signals = this.watch(entry.index).signals;
      const target = entry.targets.includes(agent);
      if (event === 'circuit-opened' && (target || entry.agents.includes(agent))) signals.circuits++;
      if (!target) continue;
      if (event === 'failed') signals.failed++;
      else if (event === 'stopped') signals.stopped++;
      else if (event === 'restarted') signals.restarted++;
    }
  }

  private sampled(sample: MetricSample): void {
    for (const entry of this.current()) {
      if (entry.agents.length === 0) continue;
      const signals = this.watch(entry.index).signals;
      for (const coalition of sample.coalitions) {
        if (coalition.members.some((m) => entry.agents.includes(m))) signals.lockstep++;
      }
    }
  }
}
