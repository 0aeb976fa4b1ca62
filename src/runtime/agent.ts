import type { Actor, AnyStateMachine, Snapshot, SnapshotFrom } from 'xstate';
import type { Refusal } from '../bus/dead-letter.js';
import type { AgentId } from '../protocol/ids.js';
import type { AgentStatus } from './agent-host.js';

/** A hosted agent as its system shows it to you. */
export interface Agent<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly id: AgentId;
  readonly capabilities: readonly string[];
  readonly status: AgentStatus;
  /** The XState actor. Send to it through the bus, not directly, or the bus cannot account for it. */
  readonly actor: Actor<TMachine>;
  /** Envelopes queued for it now. */
  readonly depth: number;
  readonly received: number;
  readonly sent: number;
  readonly restarts: number;
  /** Why the agent's circuit breaker is open, or `undefined` while it is closed. */
  readonly circuit: Refusal | undefined;
}

/** The current snapshot of an agent. */
export function snapshotOf<TMachine extends AnyStateMachine>(agent: Agent<TMachine>): SnapshotFrom<TMachine> {
  return agent.actor.getSnapshot() as SnapshotFrom<TMachine>;
}

/** A snapshot that can be stored and restored (see XState's `getPersistedSnapshot`). */
export function persistedSnapshotOf(agent: Agent): Snapshot<unknown> {
  return agent.actor.getPersistedSnapshot();
}
