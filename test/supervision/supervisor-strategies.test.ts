import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../src/runtime/agent.js';
import { InMemorySnapshotStore } from '../../src/supervision/snapshot-store.js';
import { supervise } from '../../src/supervision/supervision.js';
import type { SupervisorSpec } from '../../src/supervision/supervision-tree.js';
import { workers } from './support/world.js';

const fast = { initialMs: 10, factor: 2, maxMs: 1000, jitter: 0 };

function events(lifecycle: { event: string; agent: string }[], event: string) {
  return lifecycle.filter((r) => r.event === event).map((r) => r.agent);
}

describe('restart strategies', () => {
  const cases: Array<[SupervisorSpec['strategy'], string[], string[]]> = [
    ['one-for-one', ['b'], ['b']],
    ['one-for-all', ['c', 'b', 'a'], ['a', 'b', 'c']],
    ['rest-for-one', ['c', 'b'], ['b', 'c']],
  ];
  for (const [strategy, stopped, restarted] of cases) {
    it(`${strategy} stops ${stopped.join(', ')} then restarts ${restarted.join(', ')}`, () => {
      const world = workers(['a', 'b', 'c']);
      supervise(world.system, { tree: { id: 'root', strategy, backoff: fast, children: ['a', 'b', 'c'] } });
      world.crash('b');
      world.system.run();
      expect(events(world.lifecycle, 'failed')).toEqual(['b']);
      expect(events(world.lifecycle, 'stopped').filter((id) => id !== 'polis.supervision')).toEqual(stopped);
      expect(events(world.lifecycle, 'restarted')).toEqual(restarted);
      for (const id of ['a', 'b', 'c']) expect(world.system.agent(id)?.status).toBe('running');
    });
  }

  it('announces each decision with its reason on the lifecycle topic', () => {
    const world = workers(['a', 'b']);
    const watcher = world.system.endpoint('watcher');
    world.system.subscribe('watcher', 'polis.lifecycle');
    const heard: Array<{ event: string; agent: string; reason?: string }> = [];
    watcher.inbox$.subscribe((e) => heard.push(e.content as never));
    supervise(world.system, {
      tree: { id: 'root', strategy: 'one-for-all', backoff: fast, children: ['a', 'b'] },
    });
    world.crash('a');
    world.system.run();
    const restarting = heard.filter((h) => h.event === 'restarting');
    expect(restarting.map((h) => h.agent)).toEqual(['a', 'b']);
    expect(restarting[0]!.reason).toMatch(
      /'a' failed \(Error: asked to crash\); restart 1 in 10 ms \(one-for-all\)/,
    );
  });

  it('leaves temporary children down and restarts transient ones only after a failure', () => {
    const world = workers(['t', 'p', 'tr']);
    supervise(world.system, {
      tree: {
        id: 'root',
        backoff: fast,
        children: [{ agent: 't', restart: 'temporary' }, 'p', { agent: 'tr', restart: 'transient' }],
      },
    });
    world.crash('t');
    world.system.stopAgent('tr', 'finished its job');
    world.system.stopAgent('p', 'killed');
    world.system.run();
    expect(world.system.agent('t')?.status).toBe('failed');
    expect(world.system.agent('tr')?.status).toBe('stopped');
    expect(world.system.agent('p')?.status).toBe('running');
    world.crash('tr');
    world.system.run();
    expect(world.system.agent('tr')?.status).toBe('stopped');
  });

  it('restarts from the last snapshot when asked, fresh otherwise', () => {
    const world = workers(['keeper', 'forgetter']);
    const store = new InMemorySnapshotStore();
    supervise(world.system, {
      store,
      tree: { id: 'root', backoff: fast, children: [{ agent: 'keeper', from: 'snapshot' }, 'forgetter'] },
    });
    for (let i = 0; i < 3; i++) {
      world.app.send({ performative: 'request', receiver: 'keeper', content: { kind: 'work' } });
      world.app.send({ performative: 'request', receiver: 'forgetter', content: { kind: 'work' } });
    }
    world.system.run();
    expect(store.load('keeper')).toBeDefined();
    world.crash('keeper');
    world.crash('forgetter');
    world.system.run();
    expect(snapshotOf(world.system.agent('keeper')!).context.done).toBe(3);
    expect(snapshotOf(world.system.agent('forgetter')!).context.done).toBe(0);
  });
});

describe('restart intensity', () => {
  it('allows R restarts within T and escalates on the next one', () => {
    const world = workers(['a']);
    const supervision = supervise(world.system, {
      tree: { id: 'root', intensity: { maxRestarts: 2, withinMs: 10_000 }, backoff: fast, children: ['a'] },
    });
    for (let i = 0; i < 2; i++) {
      world.crash('a');
      world.system.run();
      expect(world.system.agent('a')?.status).toBe('running');
    }
    expect(supervision.halted).toBe(false);
    world.crash('a');
    world.system.run();
    expect(supervision.halted).toBe(true);
    expect(supervision.haltReport?.tripwire).toBe('restart-intensity');
    expect(supervision.haltReport?.reason).toMatch(/2 restarts within 10000 ms already \(at most 2\)/);
    expect(events(world.lifecycle, 'escalated')).toEqual(['root']);
    expect(supervision.supervisorState('root')).toBe('halted');
  });

  it('forgets restarts older than the window', () => {
    const world = workers(['a']);
    const supervision = supervise(world.system, {
      tree: { id: 'root', intensity: { maxRestarts: 1, withinMs: 1000 }, backoff: fast, children: ['a'] },
    });
    for (let i = 0; i < 4; i++) {
      world.crash('a');
      world.system.run();
      world.clock.advance(1500);
    }
    expect(supervision.halted).toBe(false);
    expect(events(world.lifecycle, 'restarted')).toHaveLength(4);
  });

  it('escalates from a child supervisor to its parent, which restarts the whole subtree', () => {
    const world = workers(['db', 'w1', 'w2']);
    const supervision = supervise(world.system, {
      tree: {
        id: 'root',
        strategy: 'one-for-one',
        backoff: fast,
        children: [
          'db',
          {
            id: 'workers',
            strategy: 'one-for-one',
            intensity: { maxRestarts: 1, withinMs: 10_000 },
            backoff: fast,
            children: ['w1', 'w2'],
          },
        ],
      },
    });
    world.crash('w1');
    world.system.run();
    world.crash('w1');
    world.system.run();
    expect(events(world.lifecycle, 'escalated')).toEqual(['workers']);
    expect(supervision.halted).toBe(false);
    expect(supervision.supervisorState('workers')).toBe('supervising');
    expect(world.system.agent('w1')?.status).toBe('running');
    expect(world.system.agent('w2')?.status).toBe('running');
    expect(world.system.agent('db')?.status).toBe('running');
    const decisions = supervision.state().decisions.map((d) => `${d.supervisor}:${d.kind}`);
    expect(decisions).toEqual([
      'workers:backoff',
      'workers:restart',
      'workers:give-up',
      'root:backoff',
      'root:restart',
    ]);
  });
});

describe('backoff', () => {
  it('grows exponentially and is jittered within bounds, on simulated time', () => {
    const backoff = { initialMs: 100, factor: 2, maxMs: 10_000, jitter: 0.5 };
    const world = workers(['a'], 42);
    const supervision = supervise(world.system, {
      tree: { id: 'root', intensity: { maxRestarts: 10, withinMs: 1_000_000 }, backoff, children: ['a'] },
    });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      world.crash('a');
      const failedAt = world.clock.now();
      world.system.run({ until: failedAt + 100_000 });
      const restarted = world.lifecycle.filter((r) => r.event === 'restarted').at(-1)!;
      const wait = restarted.at - failedAt;
      const base = 100 * 2 ** (attempt - 1);
      expect(wait).toBeGreaterThanOrEqual(base * 0.5);
      expect(wait).toBeLessThanOrEqual(base);
      waits.push(wait);
    }
    expect(new Set(waits.map((w, i) => w / 2 ** i)).size).toBeGreaterThan(1);
    const announced = supervision.state().decisions.filter((d) => d.kind === 'backoff');
    expect(announced).toHaveLength(5);
  });

  it('draws the same jitter from the same seed', () => {
    const run = () => {
      const world = workers(['a'], 7);
      supervise(world.system, {
        tree: {
          id: 'root',
          intensity: { maxRestarts: 10, withinMs: 1_000_000 },
          backoff: { initialMs: 100, factor: 3, maxMs: 10_000, jitter: 1 },
          children: ['a'],
        },
      });
      for (let i = 0; i < 3; i++) {
        world.crash('a');
        world.system.run({ until: world.clock.now() + 100_000 });
      }
      return world.lifecycle.filter((r) => r.event === 'restarted').map((r) => r.at);
    };
    expect(run()).toEqual(run());
  });
});
