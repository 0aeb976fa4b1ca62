import type { Observable } from 'rxjs';
import type { AnyStateMachine } from 'xstate';
import type { Delivery } from '../bus/bus.js';
import type { BusStats } from '../bus/bus-stats.js';
import type { Clock } from '../bus/clock.js';
import type { DeadLetter } from '../bus/dead-letter.js';
import type { Gate, Interceptor } from '../bus/interceptor.js';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import type { LifecycleContent } from '../protocol/lifecycle-content.js';
import type { RestartFrom } from '../protocol/supervision-content.js';
import type { Agent } from '../runtime/agent.js';
import type { LifecycleRecord } from '../runtime/system.js';

/** How an agent was brought back: as asked, or fresh because no snapshot was stored. */
export type RestartedFrom = RestartFrom;

/**
 * Everything supervision does to a system, and nothing more: restart, stop and fail agents, seal the bus,
 * open circuits, add bus operators for faults, spawn fault agents, take snapshots. The supervisor machine
 * never sees it; the adapter that carries out the machine's commands, the emergency stop and the chaos
 * faults act only through it, so they can be tested against a fake and pointed at another runtime.
 *
 * @example
 * const port = systemPort(system, store);
 * port.seal('halted by the kill switch');
 */
export interface SupervisionPort {
  readonly clock: Clock;
  readonly lifecycle$: Observable<LifecycleRecord>;
  readonly published$: Observable<Envelope>;
  readonly delivered$: Observable<Delivery>;
  readonly deadLetters$: Observable<DeadLetter>;
  /** Every agent hosted, in spawn order. */
  agents(): readonly Agent[];
  agent(id: AgentId): Agent | undefined;
  stats(): BusStats;
  /** Restarts an agent fresh, or from its last stored snapshot (fresh when there is none). */
  restartAgent(id: AgentId, from: RestartFrom): RestartedFrom;
  stopAgent(id: AgentId, reason: string): void;
  /**
   * Stops many agents at once: all are closed and reported first, then, when `snapshot` is set, those that
   * were running are snapshotted (into the store), then their actors are stopped. Returns the ids stopped
   * and how many snapshots were saved.
   */
  stopAgents(
    ids: readonly AgentId[],
    reason: string,
    snapshot?: ReadonlySet<AgentId>,
  ): { readonly stopped: AgentId[]; readonly snapshots: number };
  /** Fails a running agent as if its machine threw `error`. */
  failAgent(id: AgentId, error: unknown): void;
  /** Saves a running agent's persisted snapshot to the store; false without a store or a running agent. */
  snapshotAgent(id: AgentId): boolean;
  /** Seals the bus: queued messages are dead-lettered as `halted`; returns how many. */
  seal(reason: string): number;
  unseal(): void;
  readonly sealed: boolean;
  openCircuit(id: AgentId, reason: string): void;
  closeCircuit(id: AgentId, reason: string): void;
  /** Publishes a supervision decision on the lifecycle topic. */
  announce(event: Omit<LifecycleContent, 'kind'>): void;
  /**
   * Adds a bus interceptor (a fault, a guard); returns its removal. One added with `last` stays behind every
   * interceptor added through the port later, so a guard sees what faults made of an envelope.
   */
  intercept(interceptor: Interceptor, options?: { readonly last?: boolean }): () => void;
  /** Adds a gate to an agent's inbox, composed with gates already there; returns its removal. */
  gate(id: AgentId, gate: Gate): () => void;
  /** Publishes an envelope built outside any agent (fault injection). */
  publish(envelope: Envelope): void;
  /** Hosts a fault agent (Byzantine, Sybil); throws if the id is taken. */
  spawn(machine: AnyStateMachine, id: AgentId, capabilities: readonly string[], input: object): void;
  removeAgent(id: AgentId): void;
}
