import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import type { BudgetPolicy } from '../../src/supervision/budgets.js';
import { type SupervisionOptions, supervise } from '../../src/supervision/supervision.js';
import type { TripwireSpec } from '../../src/supervision/tripwires.js';
import { flooder, gossip, sink } from './support/agents.js';

function world(tripwires: TripwireSpec[], budgets: BudgetPolicy = {}, extra: SupervisionOptions = {}) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 3 });
  system.spawn(sink, { id: 'sink' });
  const supervision = supervise(system, { tripwires, budgets, guard: false, ...extra });
  return { clock, system, supervision };
}

describe('budget tripwire', () => {
  const budgets: BudgetPolicy = { default: { messagesPerSecond: 10 } };
  it('fires at 200 % of the message allocation and not below', () => {
    const below = world([{ kind: 'budget' }], budgets);
    below.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 19 } });
    below.system.run();
    expect(below.supervision.halted).toBe(false);

    const at = world([{ kind: 'budget', name: 'runaway' }], budgets);
    at.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 20 } });
    at.system.run();
    const report = at.supervision.haltReport!;
    expect(report.tripwire).toBe('runaway');
    expect(report.tripwireKind).toBe('budget');
    expect(report.measurement).toMatchObject({ value: 20, threshold: 20, subjects: ['f'] });
    expect(report.reason).toMatch(/'f' used 20 messages this window, 2× its allocation of 10/);
  });

  it('takes its factor from the policy', () => {
    const w = world([{ kind: 'budget', factor: 3 }], budgets);
    w.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 29 } });
    w.system.run();
    expect(w.supervision.halted).toBe(false);
    const w2 = world([{ kind: 'budget', factor: 3 }], budgets);
    w2.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 30 } });
    w2.system.run();
    expect(w2.supervision.haltReport?.measurement.value).toBe(30);
  });

  it('fires on mailbox depth at twice the allocation', () => {
    const depth: BudgetPolicy = { agents: { sink: { mailboxDepth: 5 } } };
    const below = world([{ kind: 'budget' }], depth);
    below.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 9 } });
    below.system.run();
    expect(below.supervision.halted).toBe(false);
    const at = world([{ kind: 'budget' }], depth);
    at.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 10 } });
    at.system.run();
    expect(at.supervision.haltReport?.measurement).toMatchObject({
      metric: "mailbox used by 'sink'",
      value: 10,
      threshold: 10,
    });
  });

  it('fires on steps at twice the allocation', () => {
    const steps: BudgetPolicy = { agents: { sink: { steps: 5 } } };
    const below = world([{ kind: 'budget' }], steps);
    below.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 9 } });
    below.system.run();
    expect(below.supervision.halted).toBe(false);
    const at = world([{ kind: 'budget' }], steps);
    at.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 10 } });
    at.system.run();
    expect(at.supervision.haltReport?.measurement).toMatchObject({
      value: 2,
      threshold: 2,
      subjects: ['sink'],
    });
  });
});

describe('coalition tripwire', () => {
  function coalition(lockstep: number, others: number) {
    const w = world([{ kind: 'coalition', name: 'cartel' }]);
    for (let i = 0; i < lockstep; i++) {
      w.system.spawn(flooder, {
        id: `c${i}`,
        input: { to: 'sink', count: 3, content: { kind: 'vote', value: 'yes' } as never },
      });
    }
    for (let i = 0; i < others; i++) {
      w.system.spawn(flooder, {
        id: `o${i}`,
        input: { to: 'sink', count: 3, content: { kind: 'vote', value: `own-${i}` } as never },
      });
    }
    w.system.run();
    return w.supervision;
  }

  it('fires when agents acting in lockstep reach 80 % of the population', () => {
    const at = coalition(8, 1);
    expect(at.haltReport?.tripwire).toBe('cartel');
    expect(at.haltReport?.measurement).toMatchObject({ value: 0.8, threshold: 0.8 });
    expect(at.haltReport?.reason).toMatch(/8 of 10 agents \(80 %\) acted in lockstep \(identical-messages\)/);
  });

  it('does not fire at 70 %', () => {
    const below = coalition(7, 2);
    expect(below.halted).toBe(false);
    const status = below.state().tripwires.find((t) => t.name === 'cartel')!;
    expect(status).toMatchObject({ value: 0.7, threshold: 0.8, fired: false });
  });

  it('notices a closed group talking only among itself, and not the society as a whole', () => {
    const clock = new VirtualClock();
    const system = createSystem({ clock, seed: 3 });
    const supervision = supervise(system, {
      tripwires: [{ kind: 'coalition', share: 0.6, minMembers: 3, minMessages: 1 }],
      guard: false,
    });
    const cartel = ['a', 'b', 'c'];
    for (const id of cartel) system.spawn(gossip, { id, input: { peers: cartel.filter((p) => p !== id) } });
    system.spawn(gossip, { id: 'd', input: { peers: ['e'] } });
    system.spawn(gossip, { id: 'e', input: { peers: ['d'] } });
    system.run();
    expect(supervision.haltReport?.measurement).toMatchObject({ value: 0.6, subjects: ['a', 'b', 'c'] });
    expect(supervision.haltReport?.reason).toMatch(/closed-group/);

    const everyone = createSystem({ clock: new VirtualClock(), seed: 3 });
    const calm = supervise(everyone, {
      tripwires: [{ kind: 'coalition', share: 0.5, minMessages: 1 }],
      guard: false,
    });
    const all = ['a', 'b', 'c', 'd'];
    for (const id of all) everyone.spawn(gossip, { id, input: { peers: all.filter((p) => p !== id) } });
    everyone.run();
    expect(calm.sampler.latest?.coalitions).toEqual([]);
    expect(calm.halted).toBe(false);
  });
});

describe('message-rate tripwire', () => {
  function burst(second: number) {
    const w = world([{ kind: 'message-rate', growth: 10, minMessages: 100 }]);
    const app = w.system.endpoint('app');
    for (let i = 0; i < 20; i++)
      app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'n' } });
    w.system.run();
    w.clock.advanceTo(1000);
    for (let i = 0; i < second; i++)
      app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'n' } });
    return w.supervision;
  }
  it('fires when a window carries growth × the one before', () => {
    const at = burst(200);
    expect(at.haltReport?.measurement).toMatchObject({ value: 200, threshold: 200 });
    expect(at.haltReport?.reason).toMatch(/200 messages in one window after 20 in the one before/);
  });
  it('does not fire one message short', () => {
    expect(burst(199).halted).toBe(false);
  });
  it('never fires below its minimum, whatever the growth', () => {
    const w = world([{ kind: 'message-rate', growth: 2, minMessages: 50 }]);
    const app = w.system.endpoint('app');
    for (let i = 0; i < 49; i++)
      app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'n' } });
    expect(w.supervision.halted).toBe(false);
    app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'n' } });
    expect(w.supervision.halted).toBe(true);
  });
});

describe("dead man's switch and kill switch", () => {
  it('fires when no heartbeat came for its timeout, not a millisecond before', () => {
    const w = world([{ kind: 'dead-mans-switch', timeoutMs: 5000 }]);
    w.clock.advanceTo(4000);
    w.supervision.controls.heartbeat();
    w.clock.advanceTo(8999);
    expect(w.supervision.halted).toBe(false);
    w.clock.advanceTo(9000);
    expect(w.supervision.haltReport).toMatchObject({
      tripwire: 'dead-mans-switch',
      measurement: { value: 5000, threshold: 5000 },
      at: 9000,
    });
  });

  it('halts when the operator presses stop, with the reason on record', () => {
    const w = world([]);
    w.supervision.controls.halt('fire drill');
    expect(w.supervision.haltReport).toMatchObject({ tripwire: 'kill-switch', tripwireKind: 'kill-switch' });
    expect(w.supervision.haltReport?.reason).toMatch(/fire drill/);
  });

  it('reports every tripwire with its value against its threshold', () => {
    const w = world(
      [{ kind: 'budget' }, { kind: 'dead-mans-switch', name: 'operator-alive', timeoutMs: 1000 }],
      {
        default: { messagesPerSecond: 10 },
      },
    );
    w.system.spawn(flooder, { id: 'f', input: { to: 'sink', count: 5 } });
    w.clock.advanceTo(300);
    w.supervision.sampler.sample();
    const names = w.supervision.state().tripwires.map((t) => `${t.name}:${t.threshold}`);
    expect(names).toEqual(['budget:2', 'operator-alive:1000', 'restart-intensity:1', 'kill-switch:1']);
  });
});
