import { createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { activeLeafIds } from '../../src/inspect/chart-state.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import { trafficLight } from './fixtures/traffic-light.js';
import { eventually } from './support.js';

let server: InspectorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('@statelyai/inspect frames', () => {
  it('shows a plain XState app inspected with createWebSocketInspector: its actor, chart, state and transitions', async () => {
    server = await startInspector();
    const inspector = createWebSocketInspector({ url: server.ingestUrl });
    const actor = createActor(trafficLight, { inspect: inspector.inspect });
    actor.start();
    actor.send({ type: 'TIMER' });
    actor.send({ type: 'TIMER' });
    const hub = server.hub;
    const light = () => [...hub.actors.values()].find((a) => a.id === 'light');
    await eventually(
      () => JSON.stringify(light()?.value) === '{"red":"walk"}',
      10_000,
      'the light to turn red',
    );
    const record = light()!;
    expect(hub.stats().badFrames).toBe(0);
    expect(hub.sourceList()[0]).toMatchObject({ name: 'light', kind: 'xstate', connected: true });
    const chart = hub.definitions.get(record.def!)!.chart;
    // @statelyai/inspect sends the config with its keys sorted, so states come in alphabetical order.
    expect(chart.children.map((c) => c.key).sort()).toEqual(['green', 'red', 'yellow']);
    expect(activeLeafIds(chart, record.value)).toEqual(['light.red.walk']);
    expect(record.lastEvent).toBe('TIMER');
    expect(hub.detail(record.key)?.transition?.taken).toEqual([
      { source: 'light.yellow', targets: ['light.red'], event: 'TIMER' },
    ]);
    inspector.stop();
    actor.stop();
  });
});
