import { describe, expect, it } from 'vitest';
import {
  type BusStats,
  conservationHolds,
  createSystem,
  LIFECYCLE_TOPIC,
  NotSimulatedError,
  PolisError,
  SpawnError,
  UnknownAgentError,
} from './support/core.js';
import { echo } from './support/echo.js';
import { recorder, seenBy } from './support/recorder.js';
import { systemFixture } from './support/system-fixture.js';

describe('spawn refusals', () => {
  const refusals: ReadonlyArray<readonly [what: string, id: string, message: RegExp]> = [
    [
      'a look-alike id',
      '\u0430lice',
      /^agent id '\u0430lice' has a look-alike of 'a' \(U\+0430\) at 0; use ASCII/,
    ],
    ['a fullwidth id', 'ｂob', /look-alike of 'b' \(U\+FF42\) at 0/],
    ['an invisible character', 'bo\u200bb', /an invisible character \(U\+200B\) at 2/],
    ['an empty id', '', /^agent id is empty; give 1 to 128 characters$/],
    [
      'the reserved prefix',
      'polis.directory2',
      /^agent id 'polis.directory2' starts with 'polis.', which is reserved/,
    ],
  ];

  for (const [what, id, message] of refusals) {
    it(`refuses ${what} with a SpawnError that says what to do, creating nothing`, () => {
      const { system } = systemFixture();
      let error: unknown;
      try {
        system.spawn(echo, { id });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpawnError);
      expect(error).toBeInstanceOf(PolisError);
      expect((error as SpawnError).code).toBe('spawn-refused');
      expect((error as Error).message).toMatch(message);
      expect(system.agents()).toEqual([]);
    });
  }

  it('refuses a duplicate id, and keeps the first agent', () => {
    const { system } = systemFixture();
    const first = system.spawn(echo, { id: 'echo' });
    expect(() => system.spawn(recorder, { id: 'echo' })).toThrow(
      new SpawnError("agent id 'echo' is taken; pick another or remove the agent first"),
    );
    expect(system.agents()).toEqual([first]);
  });

  it('refuses an id an endpoint or a system service already holds', () => {
    const { system } = systemFixture();
    system.endpoint('app');
    expect(() => system.spawn(echo, { id: 'app' })).toThrow(SpawnError);
    expect(() => system.spawn(echo, { id: 'polis.directory' })).toThrow(/reserved for the system/);
  });

  it('refuses bad capabilities and topic names, naming the agent', () => {
    const { system } = systemFixture();
    expect(() => system.spawn(echo, { id: 'x', capabilities: ['p\u0430int'] })).toThrow(
      /^capability of 'x' 'p\u0430int' has a look-alike of 'a'/,
    );
    expect(() => system.spawn(echo, { id: 'x', topics: ['bad topic'] })).toThrow(/^topic of 'x' 'bad topic'/);
    expect(system.agents()).toEqual([]);
  });

  it('names the agent when asked to act on one that does not exist', () => {
    const { system } = systemFixture();
    expect(() => system.stopAgent('nobody')).toThrow(UnknownAgentError);
    expect(() => system.restartAgent('nobody')).toThrow("no agent 'nobody' in this system");
  });
});

describe('lifecycle events', () => {
  it('are published on the polis.lifecycle topic to a subscribed agent, from the system', () => {
    const { system } = systemFixture();
    const watcher = system.spawn(recorder, { id: 'watcher', topics: [LIFECYCLE_TOPIC] });
    system.spawn(echo, { id: 'worker' });
    system.stopAgent('worker', 'enough');
    system.restartAgent('worker');
    system.run();
    const seen = seenBy(watcher);
    expect(seen.map((e) => [e.performative, e.sender, e.receiver, e.priority])).toEqual(
      Array(4).fill(['inform', 'polis.system', '#polis.lifecycle', 'high']),
    );
    expect(seen.map((e) => e.content)).toEqual([
      { kind: 'lifecycle', event: 'spawned', agent: 'watcher' }, // its own, delivered once it has started
      { kind: 'lifecycle', event: 'spawned', agent: 'worker' },
      { kind: 'lifecycle', event: 'stopped', agent: 'worker', reason: 'enough' },
      { kind: 'lifecycle', event: 'restarted', agent: 'worker', reason: 'fresh' },
    ]);
  });

  it('carry the failure, so a watcher learns why an agent failed', async () => {
    const { fragile } = await import('./support/fragile.js');
    const { system } = systemFixture();
    const watcher = system.spawn(recorder, { id: 'watcher', topics: [LIFECYCLE_TOPIC] });
    system.spawn(fragile, { id: 'fragile' });
    system.endpoint('app').send({ performative: 'request', receiver: 'fragile', content: { kind: 'x' } });
    system.run();
    expect(seenBy(watcher).at(-1)?.content).toEqual({
      kind: 'lifecycle',
      event: 'failed',
      agent: 'fragile',
      error: { name: 'TypeError', message: 'cannot read the order' },
    });
  });
});

/** Sends a sink three messages and stops the system before any of them is delivered. */
async function stopWithThreeQueued(options?: { readonly drain?: boolean }) {
  const { system, deadLetters } = systemFixture();
  const sink = system.spawn(recorder, { id: 'sink' });
  const app = system.endpoint('app');
  let stopping: Promise<BusStats> | undefined;
  system.bus.batch(() => {
    for (let i = 0; i < 3; i++)
      app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'n' } });
    stopping = system.stop(options);
  });
  const stats = await stopping;
  return { sink, deadLetters, stats };
}

describe('stopping the system', () => {
  it('delivers what is queued by default, then stops every agent', async () => {
    const { sink, deadLetters, stats } = await stopWithThreeQueued();
    expect(seenBy(sink)).toHaveLength(3);
    expect(sink.status).toBe('stopped');
    expect(deadLetters).toEqual([]);
    expect(stats).toMatchObject({ published: 3, delivered: 3, deadLettered: 0, inFlight: 0 });
  });

  it('dead-letters what is queued as system-stopped with { drain: false }', async () => {
    const { sink, deadLetters } = await stopWithThreeQueued({ drain: false });
    expect(seenBy(sink)).toEqual([]);
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual(
      Array(3).fill(['system-stopped', 'the system stopped before it was delivered']),
    );
  });

  it('dead-letters every later publish as system-stopped, and the counters still balance', async () => {
    const { system, deadLetters } = systemFixture();
    system.spawn(recorder, { id: 'sink' });
    const app = system.endpoint('app');
    await system.stop();
    app.send({ performative: 'inform', receiver: 'sink', content: { kind: 'late' } });
    app.send({ performative: 'inform', receiver: '*', content: { kind: 'late' } });
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual(
      Array(2).fill(['system-stopped', 'the system has stopped']),
    );
    const stats = await system.stop(); // stopping twice is harmless
    expect(conservationHolds(stats)).toBe(true);
  });
});

describe('simulated time', () => {
  it('system.run() on the real clock throws NotSimulatedError, saying how to get a virtual clock', () => {
    const system = createSystem();
    expect(() => system.run()).toThrow(NotSimulatedError);
    expect(() => system.run()).toThrow(/create the system with \{ clock: new VirtualClock\(\) \}/);
  });

  it('run({ until }) stops at that time and reports whether anything is left to do', () => {
    const { system } = systemFixture();
    const me = system.endpoint('app');
    system.spawn(recorder, { id: 'silent' });
    void me
      .request({ performative: 'request', receiver: 'silent', content: { kind: 'x' } }, 1000)
      .catch(() => {});
    expect(system.run({ until: 400 })).toEqual({ now: 400, timersFired: 0, idle: false });
    expect(system.run()).toEqual({ now: 1000, timersFired: 1, idle: true });
  });
});
