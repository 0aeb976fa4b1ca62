import type { AgentIdentity } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import type { ControlRequest } from './agent-control.js';

/** What a reactive agent keeps between messages. Plain data: it persists with the snapshot. */
export interface ReactiveContext<TMemory> {
  readonly agent: AgentIdentity;
  /** The agent's own state, changed only by its rules. */
  readonly memory: TMemory;
  /** How many times each rule fired, by rule name. */
  readonly fired: Readonly<Record<string, number>>;
  /** Messages perceived while active that no rule matched. */
  readonly unmatched: number;
  /** Messages perceived while paused (no rule ran for them). */
  readonly missed: number;
  /** The agent's random stream (see `nextRandom`). */
  readonly rng: number;
}

/** Every event a reactive agent handles: the messages its rules are about, and control requests. */
export type ReactiveEvent<TEvent extends Inbound> = TEvent | ControlRequest;
