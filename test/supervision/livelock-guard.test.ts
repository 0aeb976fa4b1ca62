import { describe, expect, it } from 'vitest';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { type Livelock, LivelockDetector } from '../../src/supervision/livelock-detector.js';
import { type SupervisionOptions, supervise } from '../../src/supervision/supervision.js';
import { counter, echoer, flooder, relay, service, sink } from './support/agents.js';

function world(options: SupervisionOptions = {}) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 9 });
  const supervision = supervise(system, options);
  const app = system.endpoint('app');
  const opened: string[] = [];
  system.lifecycle$.subscribe((r) => {
    if (r.event === 'circuit-opened') opened.push(`${r.agent}: ${r.reason}`);
  });
  return { clock, system, supervision, app, opened };
}

describe('livelock guard', () => {
  it('catches two agents ping-ponging the same message, and breaks the loop', () => {
    const w = world();
    w.system.spawn(echoer, { id: 'a' });
    w.system.spawn(echoer, { id: 'b' });
    w.app.send({ performative: 'inform', receiver: 'a', replyTo: 'b', content: { kind: 'hot-potato' } });
    const report = w.system.run({ maxTimers: 1000 });
    expect(report.idle).toBe(true);
    expect(w.opened).toHaveLength(2);
    expect(w.opened[0]).toMatch(
      /^(a|b): livelock: '(a|b)' → '(a|b)' → '(a|b)' exchanged the same message 32 times in 0 ms/,
    );
    expect(w.supervision.breakers.reports.map((r) => [...r.agents].sort())).toEqual([['a', 'b']]);
    expect(w.system.stats().delivered).toBeLessThan(100);
    expect(w.system.stats().deadLettersByReason['circuit-open']).toBeGreaterThan(0);
    expect(w.supervision.state().guard[0]?.kind).toBe('livelock');
  });

  it('catches a three-agent delegation ring', () => {
    const w = world();
    w.system.spawn(relay, { id: 'x', input: { next: 'y' } });
    w.system.spawn(relay, { id: 'y', input: { next: 'z' } });
    w.system.spawn(relay, { id: 'z', input: { next: 'x' } });
    w.app.send({ performative: 'request', receiver: 'x', content: { kind: 'delegate', task: 't1' } });
    expect(w.system.run({ maxTimers: 1000 }).idle).toBe(true);
    expect(w.supervision.breakers.reports.map((r) => [...r.agents].sort())).toEqual([['x', 'y', 'z']]);
    expect(w.supervision.breakers.reports[0]?.detail).toMatch(/→ .* → .* → /);
  });

  it('catches a loop that takes time between hops', () => {
    const w = world({ guard: { livelock: { minRepeats: 16, windowMs: 5000 } } });
    w.system.spawn(relay, { id: 'x', input: { next: 'y' } });
    w.system.spawn(relay, { id: 'y', input: { next: 'x' } });
    w.system.bus.intercept((e) => (e.sender === 'x' ? { delay: 10 } : { pass: true }));
    w.app.send({ performative: 'request', receiver: 'x', content: { kind: 'delegate', task: 't9' } });
    w.system.run({ maxTimers: 10_000 });
    expect(w.supervision.breakers.reports.map((r) => [...r.agents].sort())).toEqual([['x', 'y']]);
  });

  it('leaves normal traffic alone: long exchanges of changing messages, slow polling, request-response', () => {
    const w = world();
    w.system.spawn(counter, { id: 'c1', input: { limit: 2000 } });
    w.system.spawn(counter, { id: 'c2', input: { limit: 2000 } });
    w.system.spawn(service, { id: 'svc' });
    w.system.spawn(sink, { id: 'sink' });
    w.system.spawn(flooder, { id: 'poller', input: { to: 'sink', count: 1, everyMs: 100, bursts: 100 } });
    w.app.send({ performative: 'inform', receiver: 'c1', replyTo: 'c2', content: { kind: 'count', n: 0 } });
    for (let i = 0; i < 500; i++) {
      w.app.send({ performative: 'request', receiver: 'svc', content: { kind: 'query', q: i } });
    }
    w.system.run();
    expect(w.opened).toEqual([]);
    expect(w.system.stats().delivered).toBeGreaterThan(2500);
  });

  it('opens the circuit of an agent over its message budget and reports it', () => {
    const w = world({
      budgets: { agents: { noisy: { messagesPerSecond: 50 } } },
      circuits: { cooldownMs: 2000 },
    });
    w.system.spawn(sink, { id: 'sink' });
    w.system.spawn(flooder, { id: 'noisy', input: { to: 'sink', count: 10, everyMs: 50, bursts: 100 } });
    w.system.spawn(flooder, { id: 'calm', input: { to: 'sink', count: 1, everyMs: 100, bursts: 20 } });
    w.system.run({ until: 1000 });
    expect(w.opened).toEqual([
      "noisy: message-budget: 'noisy' used 51 messages in one window, over its allocation of 50",
    ]);
    expect(w.system.stats().deadLettersByReason['circuit-open']).toBeGreaterThan(0);
    expect(w.supervision.breakers.list()).toMatchObject([
      { agent: 'noisy', cause: 'message-budget', trips: 1 },
    ]);
    w.system.run({ until: 2200 });
    expect(w.supervision.breakers.isOpen('noisy')).toBe(true);
    w.system.run({ until: 2400 });
    // The cooldown closed it at 2250; still flooding, it tripped again at once, for twice as long.
    expect(w.supervision.breakers.list()).toMatchObject([
      { agent: 'noisy', trips: 2, closesAt: 2250 + 4000 },
    ]);
    w.system.run();
    expect(w.supervision.breakers.list()).toEqual([]);
    expect(w.supervision.breakers.reports).toHaveLength(2);
  });
});

describe('livelock detector', () => {
  it('needs every link of the loop to repeat, not just one', () => {
    const detector = new LivelockDetector({ minRepeats: 4 });
    for (let i = 0; i < 20; i++) expect(detector.observe('a', 'b', 7, 0)).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(detector.observe('b', 'a', 100 + i, 0)).toBeUndefined();
  });

  it('finds a loop of alternating patterns and forgets links outside the window', () => {
    const detector = new LivelockDetector({ minRepeats: 4, windowMs: 100 });
    let loop: Livelock | undefined;
    for (let i = 0; i < 30 && loop === undefined; i++) {
      detector.observe('a', 'b', i % 2, i);
      loop = detector.observe('b', 'a', 10 + (i % 2), i);
    }
    expect(loop?.agents).toEqual(['b', 'a']);
    expect(loop?.at).toBeLessThan(20);
    expect(loop?.patternSize).toBe(2);
    const slow = new LivelockDetector({ minRepeats: 4, windowMs: 100 });
    for (let i = 0; i < 20; i++) {
      expect(slow.observe('a', 'b', 1, i * 60)).toBeUndefined();
      expect(slow.observe('b', 'a', 2, i * 60 + 1)).toBeUndefined();
    }
  });
});
