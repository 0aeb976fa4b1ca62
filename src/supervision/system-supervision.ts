import type { AnyStateMachine } from 'xstate';
import type { Gate, GateVerdict, Interceptor } from '../bus/interceptor.js';
import { PASS } from '../bus/interceptor.js';
import type { Mailbox } from '../bus/mailbox.js';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import type { LifecycleContent } from '../protocol/lifecycle-content.js';
import type { RestartFrom } from '../protocol/supervision-content.js';
import { persistedSnapshotOf } from '../runtime/agent.js';
import type { AgentSystem } from '../runtime/system.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { RestartedFrom, SupervisionPort } from './supervision-port.js';

/**
 * The {@link SupervisionPort} of an {@link AgentSystem}: what supervision does, done to a live system.
 *
 * @example
 * const port = systemPort(system, new InMemorySnapshotStore());
 * port.restartAgent('worker-1', 'snapshot');
 */
export function systemPort(system: AgentSystem, store?: SnapshotStore): SupervisionPort {
  return new SystemSupervisionPort(system, store);
}

class SystemSupervisionPort implements SupervisionPort {
  private readonly gates = new Map<AgentId, Gate[]>();
  private readonly last: Array<{ readonly interceptor: Interceptor; remove: () => void }> = [];

  constructor(
    private readonly system: AgentSystem,
    private readonly store: SnapshotStore | undefined,
  ) {}

  get clock() {
    return this.system.clock;
  }
  get lifecycle$() {
    return this.system.lifecycle$;
  }
  get published$() {
    return this.system.bus.published$;
  }
  get delivered$() {
    return this.system.bus.delivered$;
  }
  get deadLetters$() {
    return this.system.bus.deadLetters$;
  }
  get sealed(): boolean {
    return this.system.bus.sealed;
  }

  agents() {
    return this.system.agents();
  }

  agent(id: AgentId) {
    return this.system.agent(id);
  }

  stats() {
    return this.system.stats();
  }

  restartAgent(id: AgentId, from: RestartFrom): RestartedFrom {
    const stored = from === 'snapshot' ? this.store?.load(id) : undefined;
    this.system.restartAgent(id, stored?.snapshot);
    return stored === undefined ? 'fresh' : 'snapshot';
  }

  stopAgent(id: AgentId, reason: string): void {
    this.system.stopAgent(id, reason);
  }

  stopAgents(
    ids: readonly AgentId[],
    reason: string,
    snapshot?: ReadonlySet<AgentId>,
  ): { readonly stopped: AgentId[]; readonly snapshots: number } {
    const store = this.store;
    let snapshots = 0;
    const stopped = this.system.stopAgents(
      ids,
      reason,
      store === undefined || snapshot === undefined
        ? undefined
        : (agent) => {
            if (!snapshot.has(agent.id)) return;
            store.save(agent.id, persistedSnapshotOf(agent), this.system.clock.now());
            snapshots++;
          },
    );
    return { stopped, snapshots };
  }

  failAgent(id: AgentId, error: unknown): void {
    this.system.failAgent(id, error);
  }

  snapshotAgent(id: AgentId): boolean {
    const agent = this.system.agent(id);
    if (this.store === undefined || agent === undefined || agent.status !== 'running') return false;
    this.store.save(id, persistedSnapshotOf(agent), this.system.clock.now());
    return true;
  }

  seal(reason: string): number {
    const before = this.system.bus.stats().deadLettered;
    this.system.bus.seal(reason);
    return this.system.bus.stats().deadLettered - before;
  }

  unseal(): void {
    this.system.bus.unseal();
  }

  openCircuit(id: AgentId, reason: string): void {
    this.system.openCircuit(id, reason);
  }

  closeCircuit(id: AgentId, reason: string): void {
    this.system.closeCircuit(id, reason);
  }

  announce(event: Omit<LifecycleContent, 'kind'>): void {
    this.system.announce(event);
  }

  intercept(interceptor: Interceptor, options: { readonly last?: boolean } = {}): () => void {
    const bus = this.system.bus;
    if (options.last === true) {
      const entry = { interceptor, remove: bus.intercept(interceptor) };
      this.last.push(entry);
      return () => {
        entry.remove();
        const at = this.last.indexOf(entry);
        if (at >= 0) this.last.splice(at, 1);
      };
    }
    const remove = bus.intercept(interceptor);
    for (const entry of this.last) {
      entry.remove();
      entry.remove = bus.intercept(entry.interceptor);
    }
    return remove;
  }

  gate(id: AgentId, gate: Gate): () => void {
    const mailbox = this.system.bus.mailbox(id);
    if (mailbox === undefined) return () => {};
    const gates = this.gates.get(id) ?? [];
    gates.push(gate);
    this.gates.set(id, gates);
    this.install(mailbox, gates);
    return () => {
      const at = gates.indexOf(gate);
      if (at >= 0) gates.splice(at, 1);
      this.install(mailbox, gates);
    };
  }

  publish(envelope: Envelope): void {
    this.system.bus.publish(envelope);
  }

  spawn(machine: AnyStateMachine, id: AgentId, capabilities: readonly string[], input: object): void {
    this.system.spawn(machine, { id, capabilities, input } as never);
  }

  removeAgent(id: AgentId): void {
    this.system.removeAgent(id);
  }

  /** One gate on the mailbox that asks each gate in turn; the first that does not pass decides. */
  private install(mailbox: Mailbox, gates: readonly Gate[]): void {
    if (gates.length === 0) {
      mailbox.gate = undefined;
      return;
    }
    if (gates.length === 1) {
      mailbox.gate = gates[0];
      return;
    }
    const all = gates.slice();
    mailbox.gate = (envelope): GateVerdict => {
      for (const gate of all) {
        const verdict = gate(envelope);
        if (!('pass' in verdict)) return verdict;
      }
      return PASS as GateVerdict;
    };
  }
}
