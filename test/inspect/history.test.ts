import { describe, expect, it } from 'vitest';
import { InspectorHub } from '../../src/inspect/inspector-hub.js';
import { Ring } from '../../src/inspect/ring.js';

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
});
