import type { AgentId } from './ids.js';

/**
 * What the runtime tells every agent about itself, as `input.agent`: its id, the capabilities it was
 * registered with, and a seed for its own random draws (see `nextRandom`), derived from the system's seed
 * and the id so that adding an agent never changes another's draws.
 */
export interface AgentIdentity {
  readonly id: AgentId;
  readonly capabilities: readonly string[];
  readonly seed: number;
}

/** The input a machine declares: its own fields plus `agent`, which the runtime fills. */
export type AgentInput<T extends object = object> = T & { readonly agent: AgentIdentity };
