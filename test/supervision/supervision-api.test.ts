import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { chaosSchedule } from '../../src/supervision/chaos/chaos-schedule.js';
import { type SupervisionState, supervise } from '../../src/supervision/supervision.js';
import { OperatorCommandError, SupervisionConfigError } from '../../src/supervision/supervision-errors.js';
import { supervisorPanelFrames, supervisorPanels } from '../../src/supervision/supervisor-panels.js';
import { recorder, ticker } from './support/agents.js';

function system() {
  const clock = new VirtualClock();
  const s = createSystem({ clock, seed: 2 });
  s.spawn(recorder, { id: 'rec' });
  s.spawn(ticker, { id: 'tick', input: { to: 'rec', count: 300 } });
  return { clock, system: s };
}

describe('configuration errors name what is wrong', () => {
  const cases: Array<[string, Parameters<typeof supervise>[1], RegExp]> = [
    [
      'a repeated id',
      { tree: { id: 'root', children: ['a', { id: 'a', children: [] }] } },
      /'a' appears twice|supervised twice/,
    ],
    [
      'an agent under two supervisors',
      { tree: { id: 'root', children: ['a', { id: 'sub', children: ['a'] }] } },
      /agent 'a' is supervised twice/,
    ],
    ['a look-alike id', { tree: { id: 'rооt', children: [] } }, /look-alike/],
    ['a shrinking backoff', { tree: { id: 'root', backoff: { factor: 0.5 }, children: [] } }, /factor ≥ 1/],
    [
      'a negative intensity',
      { tree: { id: 'root', intensity: { maxRestarts: -1 }, children: [] } },
      /whole number ≥ 0/,
    ],
    [
      'two tripwires with one name',
      { tripwires: [{ kind: 'budget' }, { kind: 'budget' }] },
      /two tripwires are named 'budget'/,
    ],
    ['a share above 1', { tripwires: [{ kind: 'coalition', share: 80 }] }, /a share is between 0 and 1/],
    [
      'a budget of zero',
      { budgets: { default: { messagesPerSecond: 0 } } },
      /the default budget has messagesPerSecond = 0/,
    ],
  ];
  for (const [what, options, message] of cases) {
    it(`refuses ${what}`, () => {
      const { system: s } = system();
      expect(() => supervise(s, options)).toThrow(SupervisionConfigError);
      expect(() => supervise(s, options)).toThrow(message);
    });
  }
});

describe('operator controls and the supervisor panel', () => {
  it('switches chaos on and off, reverting active faults', () => {
    const { system: s } = system();
    const steps = chaosSchedule({
      seed: 1,
      faults: ['drop', 'delay'],
      candidates: ['rec'],
      startMs: 100,
      everyMs: 500,
      durationMs: 10_000,
    });
    const supervision = supervise(s, { chaos: { steps } });
    s.run({ until: 1000 });
    expect(supervision.chaos?.log).toEqual([]);
    supervision.controls.setChaos(true);
    s.run({ until: 2000 });
    expect(supervision.chaos?.active().map((e) => e.fault)).toEqual(['drop', 'delay']);
    supervision.controls.command({ kind: 'operator-command', command: 'chaos', enabled: false });
    expect(supervision.chaos?.enabled).toBe(false);
    expect(supervision.chaos?.active()).toEqual([]);
  });

  it('refuses to switch chaos on without a schedule', () => {
    const { system: s } = system();
    const supervision = supervise(s);
    expect(() => supervision.controls.setChaos(true)).toThrow(OperatorCommandError);
    expect(
      supervision.controls.command({ kind: 'operator-command', command: 'chaos', enabled: true }).ok,
    ).toBe(false);
  });

  it('streams plain-JSON state, and panels for the inspector', () => {
    const { system: s } = system();
    const supervision = supervise(s, {
      tree: { id: 'root', children: ['rec', { id: 'sub', children: ['tick'] }] },
      tripwires: [{ kind: 'dead-mans-switch', timeoutMs: 2000 }],
    });
    const states: SupervisionState[] = [];
    supervision.state$.subscribe((state) => states.push(state));
    s.run({ until: 5000 });
    const last = states.at(-1)!;
    expect(last.status).toBe('halted');
    expect(JSON.parse(JSON.stringify(last))).toEqual(last);
    const panels = supervisorPanels(last);
    expect(panels.map((p) => [p.id, p.data.children])).toEqual([
      ['root', ['rec', 'sub']],
      ['sub', ['tick']],
    ]);
    expect(panels[0]!.data.state).toBe('halted');
    expect(panels[0]!.data.tripwires?.[0]).toMatchObject({
      name: 'dead-mans-switch',
      value: 2000,
      threshold: 2000,
      tripped: true,
    });
    expect(supervisorPanelFrames(last)[1]).toMatchObject({
      type: 'polis.panel',
      panel: 'supervisor',
      id: 'sub',
    });
  });

  it('offers controls in the shape the inspector’s buttons use', () => {
    const { system: s } = system();
    const supervision = supervise(s, { chaos: { steps: [] } });
    let changes = 0;
    const controls = supervision.inspectorControls(() => changes++);
    expect(controls.available).toEqual(['halt', 'resume', 'chaos']);
    controls.halt('from the inspector');
    expect(controls.state()).toMatchObject({ halted: true, chaos: false });
    expect(controls.state().reason).toMatch(/from the inspector/);
    controls.resume('all good');
    expect(controls.state()).toEqual({ halted: false, reason: 'all good', chaos: false });
    expect(changes).toBeGreaterThanOrEqual(2);
  });
});

describe('wiring into the inspector', () => {
  it('publishes panels and takes the buttons through an inspector collector', async () => {
    const { InspectCollector } = await import('../../src/inspect/inspect-collector.js');
    const { publishSupervisorPanels } = await import('../../src/supervision/supervisor-panels.js');
    const frames: Array<{ type: string; panel?: string; id?: string; data?: unknown; halted?: boolean }> = [];
    const collector = new InspectCollector(
      { write: (frame) => frames.push(frame as never) },
      { metricsIntervalMs: 0 },
    );
    const { system: s } = system();
    const supervision = supervise(s, { tree: { id: 'root', children: ['rec', 'tick'] } });
    publishSupervisorPanels(supervision, (panel, data, id) => collector.publishPanel(panel, data, id));
    collector.useControls(supervision.inspectorControls(() => collector.writeControls()));
    await collector.controls.halt('pressed in the inspector');
    expect(supervision.halted).toBe(true);
    const panel = frames.filter((f) => f.type === 'polis.panel').at(-1)!;
    expect(panel).toMatchObject({
      panel: 'supervisor',
      id: 'root',
      data: { state: 'halted', children: ['rec', 'tick'] },
    });
    expect(frames.filter((f) => f.type === 'polis.controls').at(-1)).toMatchObject({ halted: true });
    await collector.controls.resume('looked fine');
    expect(supervision.halted).toBe(false);
  });
});
