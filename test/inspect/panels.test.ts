import { describe, expect, it } from 'vitest';
import { InspectCollector } from '../../src/inspect/inspect-collector.js';
import { inspectSupervision } from '../../src/inspect/inspect-supervision.js';
import { InspectorHub } from '../../src/inspect/inspector-hub.js';
import { applyCommand } from '../../src/inspect/operator-controls.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { byzantine } from '../../src/scenarios/byzantine.js';
import { market } from '../../src/scenarios/market.js';
import { flagDefaults, plainContext, type ScenarioContext } from '../../src/scenarios/scenario.js';
import { supervise } from '../../src/supervision/supervision.js';
import { foreman, worker } from './fixtures/workshop.js';

/** A hub with one local source whose operator commands reach the collector's controls. */
function inspected() {
  const hub = new InspectorHub();
  let collector: InspectCollector | undefined;
  const source = hub.openSource('test', 'local', (command) => applyCommand(collector!.controls, command));
  collector = new InspectCollector({ write: source.ingest }, { metricsIntervalMs: 0 });
  const context: ScenarioContext = {
    ...plainContext(3),
    systemOptions: { inspect: collector.inspect },
    attach: (system) => collector.attach(system),
  };
  return { hub, source, collector, context };
}

/** The data of the panel `key`, failing the test when there is none. */
function panelData<T>(hub: InspectorHub, key: string): T {
  const panel = hub.panels.get(key);
  if (panel === undefined) throw new Error(`no panel ${key}; panels: ${[...hub.panels.keys()].join(', ')}`);
  return panel.data as T;
}

interface Row {
  readonly name: string;
  readonly value: number;
  readonly threshold: number;
}

describe('panels', () => {
  it('puts a supervision behind the operator buttons and shows its panel until it stops', async () => {
    const { hub, source, collector } = inspected();
    const system = createSystem({ clock: new VirtualClock(), inspect: collector.inspect });
    collector.attach(system);
    system.spawn(worker, { id: 'worker' });
    system.spawn(foreman, { id: 'foreman' });
    const supervision = supervise(system, {
      tree: { id: 'crew', strategy: 'one-for-one', children: ['worker', 'foreman'] },
      tripwires: [{ kind: 'message-rate', minMessages: 1_000 }],
      chaos: { steps: [] },
    });
    inspectSupervision(collector, supervision);
    system.run({ until: 3_000 });

    const panel = hub.panels.get('s1/supervisor/crew')?.data as {
      state: string;
      children: string[];
      tripwires: Row[];
      chaos: { enabled: boolean };
    };
    expect(panel.children).toEqual(['worker', 'foreman']);
    expect(panel.tripwires.map((t) => t.name)).toEqual(
      expect.arrayContaining(['message-rate', 'restart-intensity', 'kill-switch']),
    );
    expect(panel.tripwires.find((t) => t.name === 'message-rate')?.threshold).toBeGreaterThan(0);
    expect(hub.sourceList()[0]?.controls).toMatchObject({
      available: ['halt', 'resume', 'chaos'],
      chaos: false,
    });

    // The Emergency stop goes through supervision's kill switch: it records the halt as supervision does.
    expect(await hub.command(source.id, { type: 'halt', reason: 'bids look wrong' })).toMatchObject({
      ok: true,
    });
    expect(supervision.halted).toBe(true);
    expect(supervision.haltReport?.tripwire).toBe('kill-switch');
    expect(system.bus.sealed).toBe(true);
    expect(hub.actors.get('s1/worker')?.status).toBe('halted');
    expect(hub.sourceList()[0]?.controls).toMatchObject({ halted: true });
    expect(panelData<{ state: string }>(hub, 's1/supervisor/crew').state).toBe('halted');
    // Supervision's announcement about the whole system is a mark on the timeline, not an actor.
    expect(hub.actors.has('s1/polis.supervision')).toBe(false);
    expect(hub.marks.toArray().map((m) => m.kind)).toContain('halted');

    expect((await hub.command(source.id, { type: 'chaos', enabled: true })).ok).toBe(true);
    expect(supervision.chaos?.enabled).toBe(true);
    expect(await hub.command(source.id, { type: 'resume', reason: 'checked' })).toMatchObject({ ok: true });
    expect(supervision.halted).toBe(false);
    expect(hub.marks.toArray().map((m) => m.kind)).toContain('resumed');

    // Once supervision stops, the buttons act on the system directly again.
    supervision.stop();
    expect(hub.sourceList()[0]?.controls?.available).toEqual(['halt', 'resume']);
    expect(panelData<{ state: string }>(hub, 's1/supervisor/crew').state).toBe('stopped');
    collector.close();
  });

  it('shows the market ledger’s reputation: every bidder’s standing and score', async () => {
    const { hub, collector, context } = inspected();
    await market.run(flagDefaults(market.flags, { agents: 4, tasks: 6, managers: 1 }), context);
    collector.sample();
    const { subjects } = panelData<{ subjects: { id: string; standing: string; score: number }[] }>(
      hub,
      's1/reputation/ledger',
    );
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      expect(subject.id).toMatch(/^bidder-\d+$/);
      expect(subject.score).toBeGreaterThanOrEqual(0);
      expect(subject.score).toBeLessThanOrEqual(1);
      expect(typeof subject.standing).toBe('string');
    }
    // The market's system stopped: the sample above was its last, and the collector let go of it.
    const published = hub.seq;
    collector.sample();
    expect(hub.seq).toBe(published);
  });

  it('shows consensus rounds with their votes and decision', async () => {
    const { hub, collector, context } = inspected();
    const watched: ScenarioContext = {
      ...context,
      // Sample while the trial's system still runs, as the timer does when a person watches.
      drive: async (system, options) => {
        const report = system.run(options);
        collector.sample();
        return report;
      },
    };
    await byzantine.run(flagDefaults(byzantine.flags, { runs: 1 }), watched);
    const panels = [...hub.panels.values()].filter((p) => p.panel === 'consensus');
    expect(panels.length).toBeGreaterThan(0);
    const rounds = (
      panels[0]!.data as { rounds: { id: string; state: string; votes: unknown[]; decision?: unknown }[] }
    ).rounds;
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds[0]).toMatchObject({ rule: 'byzantine' });
    expect(rounds.some((r) => r.votes.length > 0)).toBe(true);
    expect(rounds.some((r) => r.decision !== undefined)).toBe(true);
  });

  it('names systems that share a node id apart and lets go of them when they stop', async () => {
    const { hub, collector } = inspected();
    const first = createSystem({ clock: new VirtualClock(), seed: 5 });
    const second = createSystem({ clock: new VirtualClock(), seed: 5 });
    collector.attach(first);
    collector.attach(second);
    collector.sample();
    expect(hub.metrics.toArray().map((m) => m.system)).toEqual(['n5', 'n5#2']);
    await first.stop();
    collector.sample();
    collector.sample();
    expect(hub.metrics.toArray().map((m) => m.system)).toEqual(['n5', 'n5#2', 'n5', 'n5#2', 'n5#2']);
    collector.close();
  });
});
