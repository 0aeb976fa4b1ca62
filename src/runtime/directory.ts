import type { AgentId } from '../protocol/ids.js';

/**
 * The yellow pages: which running agents offer which capability, in the order they registered, so a
 * lookup is deterministic.
 *
 * @example
 * system.directory.find('welding') // ['bidder-2', 'bidder-7']
 */
export class Directory {
  private readonly byCapability = new Map<string, Set<AgentId>>();
  private readonly byAgent = new Map<AgentId, readonly string[]>();

  register(agent: AgentId, capabilities: readonly string[]): void {
    this.unregister(agent);
    if (capabilities.length === 0) return;
    this.byAgent.set(agent, capabilities);
    for (const capability of capabilities) {
      const agents = this.byCapability.get(capability) ?? new Set<AgentId>();
      agents.add(agent);
      this.byCapability.set(capability, agents);
    }
  }

  unregister(agent: AgentId): void {
    const capabilities = this.byAgent.get(agent);
    if (capabilities === undefined) return;
    for (const capability of capabilities) this.byCapability.get(capability)?.delete(agent);
    this.byAgent.delete(agent);
  }

  /** The agents offering `capability`. */
  find(capability: string): AgentId[] {
    return [...(this.byCapability.get(capability) ?? [])];
  }

  capabilitiesOf(agent: AgentId): readonly string[] {
    return this.byAgent.get(agent) ?? [];
  }

  /** Every capability on offer. */
  capabilities(): string[] {
    return [...this.byCapability.keys()].filter((c) => (this.byCapability.get(c)?.size ?? 0) > 0);
  }
}
