import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { conservationHolds } from '../../src/bus/bus-stats.js';
import { snapshotOf } from '../../src/runtime/agent.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { InMemorySnapshotStore } from '../../src/supervision/snapshot-store.js';
import { supervise } from '../../src/supervision/supervision.js';
import { MissingReasonError, NotHaltedError } from '../../src/supervision/supervision-errors.js';
import { flooder, sink, worker } from './support/agents.js';

function halting(store?: InMemorySnapshotStore) {
  const clock = new VirtualClock();
  let transitionsAfterHalt = 0;
  let halted = false;
  const inspect = (event: InspectionEvent) => {
    if (halted && event.type === '@xstate.snapshot') transitionsAfterHalt++;
  };
  const system = createSystem({ clock, seed: 5, inspect });
  system.spawn(sink, { id: 'sink' });
  system.spawn(worker, { id: 'w', input: {} });
  // A ticker that keeps sending on its own timer: it must not take a single step after the halt.
  system.spawn(flooder, { id: 'ticker', input: { to: 'sink', count: 1, everyMs: 10, bursts: 1000 } });
  const supervision = supervise(system, {
    ...(store === undefined ? {} : { store }),
    tree: { id: 'root', children: ['sink', 'w', 'ticker'] },
    budgets: { agents: { flood: { messagesPerSecond: 10 } } },
    tripwires: [{ kind: 'budget' }],
    guard: false,
  });
  const app = system.endpoint('app');
  for (let i = 0; i < 3; i++) app.send({ performative: 'request', receiver: 'w', content: { kind: 'work' } });
  system.run({ until: 55 });
  const delivered = system.stats().delivered;
  const sinkGot = snapshotOf(system.agent('sink')!).context.got;
  system.spawn(flooder, { id: 'flood', input: { to: 'sink', count: 50 } });
  halted = supervision.halted;
  return {
    clock,
    system,
    supervision,
    delivered,
    sinkGot,
    app,
    afterHalt: () => transitionsAfterHalt,
    mark: () => {
      halted = true;
    },
  };
}

describe('emergency halt', () => {
  it('seals the bus on the crossing message: nothing is delivered after it, queued mail is dead-lettered as halted', () => {
    const w = halting();
    expect(w.supervision.halted).toBe(true);
    const stats = w.system.stats();
    expect(stats.delivered).toBe(w.delivered);
    expect(stats.deadLettersByReason.halted).toBe(50);
    expect(w.supervision.haltReport?.measurement).toMatchObject({ value: 20, threshold: 20 });
    w.app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'late' } });
    w.system.run({ until: 10_000 });
    expect(w.system.stats().delivered).toBe(w.delivered);
    expect(conservationHolds(w.system.stats())).toBe(true);
  });

  it('stops every agent, and none takes another step', () => {
    const w = halting();
    w.mark();
    w.system.run({ until: 10_000 });
    expect(w.system.agents().map((a) => a.status)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    expect(w.afterHalt()).toBe(0);
    expect(snapshotOf(w.system.agent('sink')!).context.got).toBe(w.sinkGot);
    expect(w.supervision.haltReport).toMatchObject({ agentsStopped: 4, snapshotsTaken: 0 });
    expect(w.supervision.supervisorState('root')).toBe('halted');
  });

  it('snapshots every running agent when a store is present, and resumes them from there', () => {
    const store = new InMemorySnapshotStore();
    const w = halting(store);
    expect(w.supervision.haltReport?.snapshotsTaken).toBe(4);
    expect(store.load('w')).toBeDefined();
    w.supervision.controls.resume('the flood was a test');
    expect(snapshotOf(w.system.agent('w')!).context.done).toBe(3);
    expect(w.system.agents().map((a) => a.status)).toEqual(['running', 'running', 'running', 'stopped']);
  });

  it('records the tripwire, its measurement and the metrics that made it fire', () => {
    const w = halting();
    const report = w.supervision.haltReport!;
    expect(report.tripwire).toBe('budget');
    expect(report.metrics?.overBudget[0]).toMatchObject({ agent: 'flood', resource: 'messages', value: 20 });
    expect(report.stopped).toEqual(['sink', 'w', 'ticker', 'flood']);
    expect(w.supervision.state().halt?.tripwire).toBe('budget');
  });

  it('stays halted, whatever time passes and whatever agents send, until the operator resumes with a reason', () => {
    const w = halting();
    w.system.run({ until: 100_000 });
    w.app.send({ performative: 'request', receiver: 'w', content: { kind: 'work' } });
    expect(w.supervision.halted).toBe(true);
    expect(() => w.supervision.controls.resume('  ')).toThrow(MissingReasonError);
    expect(w.supervision.controls.command({ kind: 'operator-command', command: 'resume' }).ok).toBe(false);
    expect(w.supervision.halted).toBe(true);
    const record = w.supervision.controls.resume('investigated: a test flood');
    expect(record).toMatchObject({ restarted: 3, quarantined: ['flood'] });
    expect(w.system.agent('flood')?.status).toBe('stopped');
    expect(w.supervision.halted).toBe(false);
    expect(w.supervision.supervisorState('root')).toBe('supervising');
    w.app.send({ performative: 'request', receiver: 'w', content: { kind: 'work' } });
    w.system.run({ until: 101_000 });
    expect(snapshotOf(w.system.agent('w')!).context.done).toBe(1);
    expect(() => w.supervision.controls.resume('again')).toThrow(NotHaltedError);
  });

  it('takes operator commands from an untrusted channel, refusing malformed ones', () => {
    const w = halting();
    expect(w.supervision.controls.command({ kind: 'operator-command', command: 'explode' })).toMatchObject({
      ok: false,
    });
    expect(w.supervision.controls.command('resume')).toMatchObject({ ok: false });
    expect(
      w.supervision.controls.command({ kind: 'operator-command', command: 'resume', reason: 'all clear' }),
    ).toEqual({ ok: true, command: 'resume' });
    expect(w.supervision.halted).toBe(false);
    expect(
      w.supervision.controls.command({ kind: 'operator-command', command: 'halt', reason: 'drill' }).ok,
    ).toBe(true);
    expect(w.supervision.haltReport?.tripwire).toBe('kill-switch');
  });

  it('publishes halted and resumed on the lifecycle stream with their reasons', () => {
    const w = halting();
    const events: string[] = [];
    w.system.lifecycle$.subscribe((r) => events.push(`${r.event}:${r.reason ?? ''}`));
    w.supervision.controls.resume('checked');
    expect(events.filter((e) => e.startsWith('resumed'))).toEqual(['resumed:checked']);
  });
});
