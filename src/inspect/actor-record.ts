import type { SnapshotData } from './frames.js';
import { Ring } from './ring.js';
import type { ActorEventRow, ActorStatus, ActorSummary, TakenTransition } from './wire.js';

interface Timed {
  readonly seq: number;
  readonly at: number;
}

/** How much of each actor's own past the inspector keeps. */
export interface ActorHistoryLimits {
  readonly snapshots: number;
  readonly recent: number;
}

/**
 * What the inspector knows about one actor: its latest state, and a bounded past of snapshots, statuses,
 * transitions and events for time travel.
 */
export class ActorRecord {
  value: unknown;
  events = 0;
  lastEvent: string | undefined;
  /** The sequence number of its last change. */
  seq: number;
  kind: string;
  def: string | undefined;
  parent: string | undefined;
  system: string | undefined;
  readonly children = new Set<string>();
  readonly snapshots: Ring<Timed & { readonly snapshot: SnapshotData }>;
  readonly statuses = new Ring<Timed & { readonly status: ActorStatus }>(64);
  readonly transitions = new Ring<Timed & { readonly taken: readonly TakenTransition[] }>(64);
  readonly recent: Ring<ActorEventRow>;
  /** Transitions reported since the last snapshot: one macrostep can take several. */
  pending: TakenTransition[] = [];

  constructor(
    readonly key: string,
    /** Its name to people: the agent id, or the XState id. */
    public id: string,
    readonly source: string,
    readonly createdSeq: number,
    createdAt: number,
    kind: string,
    limits: ActorHistoryLimits,
  ) {
    this.seq = createdSeq;
    this.statuses.push({ seq: createdSeq, at: createdAt, status: 'active' });
    this.kind = kind;
    this.snapshots = new Ring(limits.snapshots);
    this.recent = new Ring(limits.recent);
  }

  get status(): ActorStatus {
    return this.statuses.newest!.status;
  }

  setStatus(status: ActorStatus, seq: number, at: number): void {
    if (status === this.status) return;
    this.seq = seq;
    this.statuses.push({ seq, at, status });
  }

  addSnapshot(snapshot: SnapshotData, seq: number, at: number): void {
    this.snapshots.push({ seq, at, snapshot });
    if ('value' in snapshot) this.value = snapshot.value;
    this.seq = seq;
    if (this.pending.length > 0) {
      this.transitions.push({ seq, at, taken: this.pending });
      this.pending = [];
    }
    const status = statusOfSnapshot(snapshot.status);
    if (status !== undefined && !(this.status === 'halted' && status === 'stopped'))
      this.setStatus(status, seq, at);
  }

  /** Its status at `seq`: the last recorded change at or before it. */
  statusAt(seq: number): ActorStatus {
    return (this.statuses.atOrBefore(seq) ?? this.statuses.oldest)!.status;
  }

  summary(): ActorSummary {
    return {
      key: this.key,
      id: this.id,
      source: this.source,
      kind: this.kind,
      ...(this.def === undefined ? {} : { def: this.def }),
      ...(this.parent === undefined ? {} : { parent: this.parent }),
      ...(this.system === undefined ? {} : { system: this.system }),
      status: this.status,
      value: this.value,
      events: this.events,
      ...(this.lastEvent === undefined ? {} : { lastEvent: this.lastEvent }),
      seq: this.seq,
    };
  }
}

/** XState's snapshot status in the inspector's words; `active` leaves the status as it is. */
function statusOfSnapshot(status: string | undefined): ActorStatus | undefined {
  switch (status) {
    case 'error':
      return 'failed';
    case 'done':
      return 'done';
    case 'stopped':
      return 'stopped';
    default:
      return undefined;
  }
}
