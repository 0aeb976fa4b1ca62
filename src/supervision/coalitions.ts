import type { AgentId } from '../protocol/ids.js';
import type { WindowActivity } from './agent-meter.js';

/**
 * A group of agents acting as one over a window: `identical-messages` when each sent exactly the same
 * messages to the same receivers in the same order (identical bids or votes); `closed-group` when they
 * talked densely among themselves and to no one else.
 */
export interface Coalition {
  readonly basis: 'identical-messages' | 'closed-group';
  readonly size: number;
  /** Its share of the running population, 0–1. */
  readonly share: number;
  /** The first members, in id order (at most 20, to keep reports small). */
  readonly members: readonly AgentId[];
}

export interface CoalitionOptions {
  /** Smallest group reported. Default 3. */
  readonly minMembers?: number;
  /** Messages an agent must have sent in the window to count as acting in lockstep. Default 2. */
  readonly minMessages?: number;
  /** Share of all ordered pairs (a → b) of a closed group that must have carried a message. Default 0.5. */
  readonly minDensity?: number;
}

const MEMBERS_SHOWN = 20;

/**
 * The coalitions among `activity` (what each agent sent in one window), largest first.
 *
 * @example
 * findCoalitions(activityByAgent, 100) // [{ basis: 'identical-messages', size: 12, share: 0.12, members: [...] }]
 */
export function findCoalitions(
  activity: ReadonlyMap<AgentId, WindowActivity>,
  population: number,
  options: CoalitionOptions = {},
): Coalition[] {
  const minMembers = options.minMembers ?? 3;
  const groups: Array<[Coalition['basis'], AgentId[]]> = [
    ...identicalGroups(activity, options.minMessages ?? 2).map((m): [Coalition['basis'], AgentId[]] => [
      'identical-messages',
      m,
    ]),
    ...closedGroups(activity, options.minDensity ?? 0.5).map((m): [Coalition['basis'], AgentId[]] => [
      'closed-group',
      m,
    ]),
  ];
  return groups
    .filter(([, members]) => members.length >= minMembers)
    .map(([basis, members]): Coalition => {
      const sorted = members.sort();
      return {
        basis,
        size: sorted.length,
        share: population === 0 ? 0 : sorted.length / population,
        members: sorted.slice(0, MEMBERS_SHOWN),
      };
    })
    .sort((a, b) => b.size - a.size);
}

function identicalGroups(activity: ReadonlyMap<AgentId, WindowActivity>, minMessages: number): AgentId[][] {
  const byFingerprint = new Map<number, AgentId[]>();
  for (const [id, a] of activity) {
    if (a.count < minMessages) continue;
    const group = byFingerprint.get(a.fingerprint);
    if (group === undefined) byFingerprint.set(a.fingerprint, [id]);
    else group.push(id);
  }
  return [...byFingerprint.values()].filter((group) => group.length > 1);
}

/**
 * Connected groups of agents that spoke only to each other, with at least `minDensity` of the possible
 * pairs talking. The whole active population is never one: that is the society, not a coalition in it.
 */
function closedGroups(activity: ReadonlyMap<AgentId, WindowActivity>, minDensity: number): AgentId[][] {
  const parent = new Map<AgentId, AgentId>();
  const find = (id: AgentId): AgentId => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const [id, a] of activity) if (a.count > 0) parent.set(id, id);
  for (const [id, a] of activity) {
    if (a.count === 0) continue;
    for (const peer of a.peers) {
      if (!parent.has(peer)) parent.set(peer, peer);
      parent.set(find(id), find(peer));
    }
  }
  const components = new Map<AgentId, AgentId[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const members = components.get(root);
    if (members === undefined) components.set(root, [id]);
    else members.push(id);
  }
  const closed: AgentId[][] = [];
  for (const members of components.values()) {
    if (members.length < 2 || members.length >= parent.size) continue;
    let links = 0;
    let open = false;
    for (const id of members) {
      const a = activity.get(id);
      if (a === undefined) continue;
      if (a.spokeOutside) open = true;
      links += a.peers.size;
    }
    // Directed density: the share of ordered pairs (a → b) that carried a message.
    if (!open && links / (members.length * (members.length - 1)) >= minDensity) closed.push(members);
  }
  return closed;
}
