import { afterEach, describe, expect, it } from 'vitest';
import { InspectCollector } from '../../src/inspect/inspect-collector.js';
import { InspectorHub } from '../../src/inspect/inspector-hub.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import { applyCommand } from '../../src/inspect/operator-controls.js';
import { INSPECT_PANEL_TOPIC } from '../../src/inspect/panel-topic.js';
import { connectInspector } from '../../src/inspect/remote-inspector.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { foreman, worker } from './fixtures/workshop.js';
import { eventually } from './support.js';

function workshop(inspect?: InspectCollector['inspect']) {
  const system = createSystem({ clock: new VirtualClock(), ...(inspect === undefined ? {} : { inspect }) });
  system.spawn(worker, { id: 'worker' });
  system.spawn(foreman, { id: 'foreman' });
  return system;
}

let server: InspectorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the collector', () => {
  it('reports actors with their charts, snapshots, transitions, messages, dead letters, lifecycle and panels', () => {
    const hub = new InspectorHub();
    const source = hub.openSource('workshop', 'local');
    const collector = new InspectCollector({ write: source.ingest }, { metricsIntervalMs: 0 });
    const system = workshop(collector.inspect);
    collector.attach(system);
    system.run({ until: 2_500 });
    const record = hub.actors.get('s1/worker')!;
    expect(record.status).toBe('active');
    expect(record.value).toEqual({ busy: 'thinking' });
    expect(record.system).toBe(system.nodeId);
    expect(hub.definitions.get(record.def!)?.chart.id).toBe('worker');
    expect(hub.detail('s1/worker')?.transition?.taken).toEqual([
      { source: 'worker.idle', targets: ['worker.busy'], event: 'request' },
    ]);
    expect(hub.detail('s1/worker')?.snapshot?.context).toMatchObject({ jobs: 0, current: 'job-1' });
    const sent = hub.messageRows(0, hub.seq).rows;
    expect(sent.map((m) => `${m.sender}>${m.receiver}:${m.performative}/${m.contentKind}`)).toContain(
      'foreman>worker:request/job',
    );
    system.endpoint('ops').send({ performative: 'inform', receiver: 'nobody', content: { kind: 'note' } });
    const dead = hub.messageRows(0, hub.seq).rows.filter((m) => m.kind === 'dead');
    expect(dead).toMatchObject([{ receiver: 'nobody', reason: 'unknown-receiver' }]);
    system.bus.publish({
      id: 'p1',
      performative: 'inform',
      sender: 'supervisor',
      receiver: `#${INSPECT_PANEL_TOPIC}`,
      content: {
        kind: 'inspector-panel',
        panel: 'supervisor',
        data: { state: 'watching', children: ['worker'] },
      },
      priority: 'normal',
      sentAt: 0,
    } as never);
    expect(hub.panels.get('s1/supervisor/main')?.data).toEqual({ state: 'watching', children: ['worker'] });
    system.stopAgent('foreman', 'enough');
    expect(hub.actors.get('s1/foreman')?.status).toBe('stopped');
    collector.sample();
    expect(hub.metrics.newest).toMatchObject({ system: system.nodeId, agents: 2 });
    collector.close();
  });

  it('halts and resumes the systems it watches through the operator command channel', async () => {
    const hub = new InspectorHub();
    let collector: InspectCollector | undefined;
    const source = hub.openSource('workshop', 'local', (command) =>
      applyCommand(collector!.controls, command),
    );
    collector = new InspectCollector({ write: source.ingest }, { metricsIntervalMs: 0 });
    const system = workshop(collector.inspect);
    collector.attach(system);
    system.run({ until: 1_000 });
    const halted = await hub.command(source.id, { type: 'halt', reason: 'test stop' });
    expect(halted).toEqual({ ok: true, message: 'halted: test stop' });
    expect(system.bus.sealed).toBe(true);
    expect(system.agents().map((a) => a.status)).toEqual(['stopped', 'stopped']);
    expect(hub.actors.get('s1/worker')?.status).toBe('halted');
    expect(hub.sourceList()[0]?.controls).toMatchObject({ halted: true, reason: 'test stop' });
    expect((await hub.command(source.id, { type: 'chaos', enabled: true })).ok).toBe(false);
    const resumed = await hub.command(source.id, { type: 'resume', reason: 'checked' });
    expect(resumed.ok).toBe(true);
    expect(system.bus.sealed).toBe(false);
    expect(system.agents().map((a) => a.status)).toEqual(['running', 'running']);
    expect(hub.actors.get('s1/worker')?.status).toBe('active');
    expect(hub.marks.toArray().map((m) => m.text)).toContain('operator halt (test stop): done');
    collector.close();
  });

  it('costs a system nothing when it is not inspected', () => {
    const system = workshop();
    const host = system.agent('worker')!;
    // No inspection callback reaches the actor, and the taps have no subscribers.
    expect((host.actor as unknown as { options: { inspect?: unknown } }).options.inspect).toBeUndefined();
    expect(system.bus.hasSubscribers(INSPECT_PANEL_TOPIC)).toBe(false);
  });

  it('sends a system in another process to the inspector over its socket, and takes commands back', async () => {
    server = await startInspector();
    const remote = connectInspector({ url: server.ingestUrl, name: 'far away', flushMs: 10 });
    const system = workshop(remote.inspect);
    remote.attach(system);
    system.run({ until: 2_500 });
    const hub = server.hub;
    await eventually(
      () => JSON.stringify(hub.actors.get('s1/worker')?.value) === '{"busy":"thinking"}',
      5_000,
      'the remote worker',
    );
    expect(hub.sourceList()[0]).toMatchObject({ name: 'far away', kind: 'polis', connected: true });
    expect(hub.sourceList()[0]?.controls?.available).toEqual(['halt', 'resume']);
    expect(hub.detail('s1/worker')?.snapshot?.context).toMatchObject({ current: 'job-1' });
    const outcome = await hub.command('s1', { type: 'halt', reason: 'from afar' });
    expect(outcome.ok).toBe(true);
    expect(system.bus.sealed).toBe(true);
    await remote.close();
    await eventually(() => hub.sourceList()[0]?.connected === false, 5_000, 'the source to disconnect');
  });

  it('replays what a new inspector needs when it comes back, but not actors that have stopped', async () => {
    server = await startInspector();
    const { port, token } = server;
    const remote = connectInspector({ url: server.ingestUrl, name: 'far away', flushMs: 10 });
    const system = workshop(remote.inspect);
    remote.attach(system);
    system.run({ until: 2_500 });
    system.stopAgent('worker');
    const first = server.hub;
    await eventually(() => first.actors.get('s1/worker')?.status === 'stopped', 5_000, 'the worker stopping');
    await server.close();

    server = await startInspector({ port, token });
    const hub = server.hub;
    await eventually(() => hub.actors.has('s1/foreman'), 10_000, 'the replayed foreman');
    expect(hub.actors.get('s1/foreman')?.status).toBe('active');
    expect(hub.actors.get('s1/worker')?.status ?? 'gone').not.toBe('active');
    await remote.close();
  });
});
