import { afterEach, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../src/inspect/frames.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import type { DeltaMessage } from '../../src/inspect/wire.js';
import { eventually, openSocket, PageClient, pageSocketUrl } from './support.js';

let server: InspectorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('frames', () => {
  it('decodes single frames and batches, reporting each bad frame in words', () => {
    const good = { type: 'polis.hello', name: 'app' };
    expect(decodeFrames(JSON.stringify(good))).toEqual({ frames: [good], problems: [] });
    expect(decodeFrames('{nope').problems[0]).toMatch(/^not JSON/);
    expect(decodeFrames('{"type":"polis.actor","actor":"a"}').problems[0]).toMatch(
      /frame 'polis.actor'.*is missing/,
    );
    expect(decodeFrames('[1,2]').problems[0]).toMatch(/frame without a string type/);
    const batch = decodeFrames(
      JSON.stringify({
        type: 'polis.batch',
        frames: [good, { type: 'polis.event' }, { type: 'mystery' }, good],
      }),
    );
    expect(batch.frames).toHaveLength(2);
    expect(batch.problems).toHaveLength(2);
  });

  it('counts and reports bad frames from a producer and keeps its socket open', async () => {
    server = await startInspector({ flushMs: 20 });
    const producer = await openSocket(server.ingestUrl);
    const page = await PageClient.open(pageSocketUrl(server.url));
    producer.send('not json at all');
    producer.send(JSON.stringify({ type: 'polis.actor', actor: 42 }));
    producer.send(Buffer.from([1, 2, 3]), { binary: true });
    producer.send(
      JSON.stringify({
        type: 'polis.batch',
        frames: [
          { type: 'polis.hello', name: 'survivor' },
          { type: 'polis.snapshot' },
          { type: 'polis.actor', actor: 'a', id: 'a', kind: 'thing', at: 1 },
        ],
      }),
    );
    await eventually(() => server!.hub.actors.has('s1/a'), 5_000, 'the good frame after bad ones');
    expect(server.hub.stats().badFrames).toBe(4);
    expect(producer.readyState).toBe(producer.OPEN);
    const delta = await page.next((m): m is DeltaMessage => m.type === 'delta' && m.stats.badFrames === 4);
    expect(delta.stats.lastBadFrame?.problem).toMatch(/polis.snapshot/);
    expect(server.hub.sourceList()[0]?.name).toBe('survivor');
    producer.close();
    page.socket.close();
  });
});
