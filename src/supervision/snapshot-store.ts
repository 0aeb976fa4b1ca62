import type { Snapshot } from 'xstate';
import type { AgentId } from '../protocol/ids.js';

/** A snapshot as stored: the persisted actor state and when it was taken. */
export interface StoredSnapshot {
  readonly snapshot: Snapshot<unknown>;
  readonly at: number;
}

/**
 * Where supervision keeps agents' snapshots: the last healthy one of each agent, to restart it from, and
 * the ones taken when the system halts. Synchronous on purpose: a halt must not wait for I/O.
 *
 * @example
 * const store = new InMemorySnapshotStore();
 * supervise(system, { tree, store });
 */
export interface SnapshotStore {
  save(agent: AgentId, snapshot: Snapshot<unknown>, at: number): void;
  /** The last snapshot saved for `agent`, if any. */
  load(agent: AgentId): StoredSnapshot | undefined;
  delete(agent: AgentId): void;
}

/**
 * A {@link SnapshotStore} in memory: the default for tests and single-process runs.
 *
 * @example
 * const store = new InMemorySnapshotStore();
 * store.save('worker-1', persistedSnapshotOf(agent), clock.now());
 */
export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<AgentId, StoredSnapshot>();
  /** Snapshots saved since it was created. */
  saves = 0;

  save(agent: AgentId, snapshot: Snapshot<unknown>, at: number): void {
    this.snapshots.set(agent, { snapshot, at });
    this.saves++;
  }

  load(agent: AgentId): StoredSnapshot | undefined {
    return this.snapshots.get(agent);
  }

  delete(agent: AgentId): void {
    this.snapshots.delete(agent);
  }

  /** How many agents have a snapshot stored. */
  get size(): number {
    return this.snapshots.size;
  }
}
