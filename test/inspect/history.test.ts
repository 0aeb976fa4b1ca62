import { afterEach, describe, expect, it } from 'vitest';
import { InspectorHub } from '../../src/inspect/inspector-hub.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import { Ring } from '../../src/inspect/ring.js';
import type { SyncMessage } from '../../src/inspect/wire.js';
import { eventually, PageClient, pageSocketUrl } from './support.js';

let server: InspectorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const envelope = (n: number) => ({
  id: `e${n}`,
  performative: 'inform',
  sender: 'a',
  receiver: 'b',
  content: { kind: 'tick', n },
});

describe('bounded history', () => {
  it('keeps a ring of the newest items and finds "the last at or before" by sequence number', () => {
    const ring = new Ring<{ seq: number }>(3);
    for (let seq = 1; seq <= 7; seq++) ring.push({ seq: seq * 10 });
    expect(ring.toArray().map((i) => i.seq)).toEqual([50, 60, 70]);
    expect(ring.dropped).toBe(4);
    expect(ring.atOrBefore(65)?.seq).toBe(60);
    expect(ring.atOrBefore(10)).toBeUndefined();
    expect(ring.range(50, 70, 1)).toEqual({ items: [{ seq: 70 }], skipped: 1 });
    expect(() => new Ring(0)).toThrow(RangeError);
  });

  it('forgets the oldest frames, snapshots and messages beyond its limits, and travels only as far back as it remembers', () => {
    let now = 1_000;
    const hub = new InspectorHub({
      historyLimit: 100,
      snapshotsPerActor: 5,
      messageLimit: 10,
      now: () => now++,
    });
    const source = hub.openSource('test', 'local');
    source.ingest({ type: 'polis.actor', actor: 'a', id: 'a', kind: 'counter', at: 0 });
    for (let n = 0; n < 500; n++) {
      source.ingest({
        type: 'polis.snapshot',
        actor: 'a',
        snapshot: { status: 'active', value: `s${n}` },
        at: n,
      });
      source.ingest({ type: 'polis.envelope', envelope: envelope(n), at: n });
    }
    const stats = hub.stats();
    expect(stats.seq).toBe(1_002);
    expect(stats.oldestSeq).toBe(903);
    expect(stats.historyDropped).toBe(902);
    const record = hub.actors.get('s1/a')!;
    expect(record.snapshots.size).toBe(5);
    expect(hub.messages.size).toBe(10);
    expect(hub.messageRows(0, hub.seq).rows.map((r) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${490 + i}`),
    );
    // Asking for a moment before the history begins lands on the oldest one kept.
    const early = hub.travel(1);
    expect(early.seq).toBe(903);
    expect(early.at).toBe(hub.timeOf(903));
    expect(hub.travel(10_000).seq).toBe(1_002);
  });

  it('shows each actor as it was at a past moment', () => {
    const hub = new InspectorHub();
    const source = hub.openSource('test', 'local');
    source.ingest({ type: 'polis.actor', actor: 'w', id: 'w', kind: 'worker', at: 0 });
    source.ingest({
      type: 'polis.snapshot',
      actor: 'w',
      snapshot: { value: 'idle', context: { n: 0 } },
      at: 0,
    });
    const before = hub.seq;
    source.ingest({
      type: 'polis.microstep',
      actor: 'w',
      event: 'go',
      transitions: [{ source: 'w.idle', targets: ['w.busy'], event: 'go' }],
      at: 1,
    });
    source.ingest({
      type: 'polis.snapshot',
      actor: 'w',
      snapshot: { value: 'busy', context: { n: 1 } },
      at: 1,
    });
    source.ingest({
      type: 'polis.lifecycle',
      event: 'failed',
      agent: 'w',
      error: { name: 'Error', message: 'boom' },
      at: 2,
    });
    expect(hub.actors.get('s1/w')?.status).toBe('failed');
    const then = hub.travel(before);
    expect(then.actors).toEqual([{ key: 's1/w', status: 'active', value: 'idle' }]);
    expect(hub.detail('s1/w', before)?.snapshot?.context).toEqual({ n: 0 });
    const now = hub.detail('s1/w');
    expect(now?.snapshot?.value).toBe('busy');
    expect(now?.transition?.taken).toEqual([{ source: 'w.idle', targets: ['w.busy'], event: 'go' }]);
    expect(hub.marks.newest?.text).toBe('w failed: boom');
  });

  it('forgets the actors that ended longest ago beyond its actor limit, keeps live ones, and travels no further back than is consistent', async () => {
    const hub = new InspectorHub({ actorLimit: 10 });
    const source = hub.openSource('test', 'local');
    const spawn = (id: string) =>
      source.ingest({ type: 'polis.lifecycle', event: 'spawned', agent: id, at: 0 });
    const stop = (id: string) =>
      source.ingest({ type: 'polis.lifecycle', event: 'stopped', agent: id, reason: 'done', at: 0 });
    for (let n = 0; n < 4; n++) spawn(`live-${n}`);
    const stoppedAt = new Map<string, number>();
    for (let n = 0; n < 20; n++) {
      spawn(`job-${n}`);
      source.ingest({ type: 'polis.snapshot', actor: `job-${n}`, snapshot: { value: 'working' }, at: 0 });
      stop(`job-${n}`);
      stoppedAt.set(`s1/job-${n}`, hub.seq);
    }
    const keys = [...hub.actors.keys()];
    expect(keys.length).toBeLessThanOrEqual(10);
    // Every live actor is kept; the forgotten ones are the jobs that stopped first.
    expect(keys.filter((k) => k.startsWith('s1/live-'))).toHaveLength(4);
    const kept = keys.filter((k) => k.startsWith('s1/job-'));
    const forgotten = [...stoppedAt.keys()].filter((k) => !hub.actors.has(k));
    expect(forgotten.length).toBe(20 - kept.length);
    expect(Math.max(...forgotten.map((k) => stoppedAt.get(k)!))).toBeLessThan(
      Math.min(...kept.map((k) => stoppedAt.get(k)!)),
    );
    expect(hub.stats()).toMatchObject({ actors: keys.length, actorsForgotten: forgotten.length });
    // Time travel starts after the last forgotten actor stopped: no reachable moment is missing one.
    const newestForgotten = Math.max(...forgotten.map((k) => stoppedAt.get(k)!));
    expect(hub.oldestSeq).toBe(newestForgotten + 1);
    expect(hub.travel(1).seq).toBe(newestForgotten + 1);
    expect(hub.forgottenSince(0)?.sort()).toEqual(forgotten.sort());

    // Live actors are never forgotten, however many there are.
    const crowd = new InspectorHub({ actorLimit: 10 });
    const crowdSource = crowd.openSource('crowd', 'local');
    for (let n = 0; n < 50; n++) {
      crowdSource.ingest({ type: 'polis.lifecycle', event: 'spawned', agent: `a${n}`, at: 0 });
    }
    expect(crowd.actors.size).toBe(50);
    // Once their producer is gone, they count as ended and make room.
    crowdSource.close();
    const other = crowd.openSource('other', 'local');
    for (let n = 0; n < 10; n++)
      other.ingest({ type: 'polis.lifecycle', event: 'spawned', agent: `b${n}`, at: 0 });
    expect(crowd.actors.size).toBeLessThanOrEqual(10);
    expect([...crowd.actors.keys()].every((k) => k.startsWith('s2/'))).toBe(true);
  });

  it('tells a watching page which actors it forgot', async () => {
    server = await startInspector({ flushMs: 20, history: { actorLimit: 5 } });
    const source = server.hub.openSource('test', 'local');
    const page = await PageClient.open(pageSocketUrl(server.url));
    await page.next((m): m is SyncMessage => m.type === 'sync');
    for (let n = 0; n < 12; n++) {
      source.ingest({ type: 'polis.lifecycle', event: 'spawned', agent: `job-${n}`, at: 0 });
      source.ingest({ type: 'polis.lifecycle', event: 'stopped', agent: `job-${n}`, at: 0 });
    }
    const forgotten = server.hub.forgottenSince(0)!;
    expect(forgotten.length).toBeGreaterThan(0);
    const told = new Set<string>();
    await eventually(
      () => {
        for (const m of page.received) if (m.type === 'delta') for (const k of m.forgottenActors) told.add(k);
        return forgotten.every((k) => told.has(k));
      },
      5_000,
      'the page to hear of every forgotten actor',
    );
    page.socket.close();
  });
});
