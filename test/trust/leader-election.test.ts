import { describe, expect, it } from 'vitest';
import {
  createSystem,
  LEADER_TOPIC,
  type LeaderContent,
  leaderElection,
  PASS,
  snapshotOf,
  VirtualClock,
} from '../../src/index.js';

function cluster(size: number, seed: number, dropRate = 0) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed });
  const ids = Array.from({ length: size }, (_, i) => `node-${i + 1}`);
  const announcements: LeaderContent[] = [];
  const observer = system.endpoint('observer');
  system.subscribe('observer', LEADER_TOPIC);
  observer.inbox$.subscribe((e) => announcements.push(e.content as LeaderContent));
  if (dropRate > 0) {
    const chaos = system.rng.fork('chaos');
    system.bus.intercept((e) =>
      e.receiver.startsWith('node-') && chaos.next() < dropRate ? { drop: 'chaos' } : PASS,
    );
  }
  for (const id of ids) system.spawn(leaderElection, { id, input: { peers: ids } });
  const leaders = () =>
    ids.filter(
      (id) => system.agent(id)?.status === 'running' && snapshotOf(system.agent(id)!).matches('leader'),
    );
  return { system, clock, ids, announcements, leaders };
}

/** Every term has at most one leader. */
function onePerTerm(announcements: readonly LeaderContent[]): boolean {
  const byTerm = new Map<number, Set<string>>();
  for (const a of announcements) byTerm.set(a.term, (byTerm.get(a.term) ?? new Set()).add(a.leader));
  return [...byTerm.values()].every((leaders) => leaders.size === 1);
}

describe('leader election', () => {
  it('elects one leader, whom every other node follows', () => {
    const { system, ids, leaders } = cluster(5, 1);
    system.run({ until: 2_000 });
    expect(leaders()).toHaveLength(1);
    const [leader] = leaders();
    const term = snapshotOf(system.agent(leader!)!).context.term;
    for (const id of ids.filter((i) => i !== leader)) {
      expect(snapshotOf(system.agent(id)!).context).toMatchObject({ leader, term });
    }
  });

  it('re-elects when the leader goes silent, in a later term', () => {
    const { system, leaders, announcements } = cluster(5, 2);
    system.run({ until: 2_000 });
    const [first] = leaders();
    const firstTerm = announcements.at(-1)!.term;
    system.stopAgent(first!, 'crashed');
    system.run({ until: 5_000 });
    expect(leaders()).toHaveLength(1);
    expect(leaders()[0]).not.toBe(first);
    expect(announcements.at(-1)!.term).toBeGreaterThan(firstTerm);
    expect(onePerTerm(announcements)).toBe(true);
  });

  it('never has two leaders in one term, over many seeds, even when a fifth of all messages are lost', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { system, announcements } = cluster(5, seed, 0.2);
      system.run({ until: 5_000 });
      expect(announcements.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(onePerTerm(announcements), `seed ${seed}`).toBe(true);
    }
  });

  it('is reproducible: the same seed elects the same node in the same term at the same time', () => {
    const run = () => {
      const { system, announcements } = cluster(5, 9);
      system.run({ until: 2_000 });
      return announcements.map((a) => `${a.term}:${a.leader}`);
    };
    expect(run()).toEqual(run());
  });
});
