import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BusStats,
  conservationHolds,
  type DeadLetterReason,
  type Message,
  PASS,
  type Performative,
  PRIORITIES,
} from './support/core.js';
import { echo } from './support/echo.js';
import { fragile } from './support/fragile.js';
import { recorder } from './support/recorder.js';
import { relay } from './support/relay.js';
import { systemFixture } from './support/system-fixture.js';

const AGENTS = ['sink', 'echo', 'relay', 'fragile'] as const;
const RECEIVERS = [...AGENTS, 'ghost', '#news', '#empty', '*', 'polis.directory', 'app'] as const;
const KINDS = ['note', 'slow', 'doomed'] as const;

const REASONS: ReadonlySet<DeadLetterReason> = new Set<DeadLetterReason>([
  'expired',
  'unknown-receiver',
  'no-subscribers',
  'inbox-full',
  'receiver-stopped',
  'receiver-failed',
  'not-understood',
  'halted',
  'dropped',
]);

const aMessage = fc.record({
  receiver: fc.constantFrom(...RECEIVERS),
  performative: fc.constantFrom<Performative>('inform', 'request', 'cfp'),
  priority: fc.constantFrom(...PRIORITIES),
  kind: fc.constantFrom(...KINDS),
  expiresIn: fc.option(fc.nat({ max: 40 }), { nil: undefined }),
});

const aCommand = fc.oneof(
  { weight: 6, arbitrary: aMessage.map((message) => ({ do: 'send' as const, message })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ messages: fc.array(aMessage, { minLength: 1, maxLength: 8 }), advance: fc.nat({ max: 30 }) })
      .map((burst) => ({ do: 'burst' as const, ...burst })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ message: aMessage, copies: fc.integer({ min: 2, max: 8 }) })
      .map((flood) => ({ do: 'flood' as const, ...flood })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ message: aMessage, timeout: fc.integer({ min: 1, max: 60 }) })
      .map((r) => ({ do: 'request' as const, ...r })),
  },
  { weight: 2, arbitrary: fc.nat({ max: 60 }).map((ms) => ({ do: 'advance' as const, ms })) },
  { weight: 1, arbitrary: fc.constantFrom(...AGENTS).map((id) => ({ do: 'stop' as const, id })) },
  { weight: 1, arbitrary: fc.constantFrom(...AGENTS).map((id) => ({ do: 'restart' as const, id })) },
  { weight: 1, arbitrary: fc.constant({ do: 'seal' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'unseal' as const }) },
);

type Command = typeof aCommand extends fc.Arbitrary<infer C> ? C : never;
type Sent = typeof aMessage extends fc.Arbitrary<infer M> ? M : never;

function toMessage(sent: Sent): Message {
  const { kind, ...rest } = sent;
  return { ...rest, content: { kind } };
}

/** A small system with every kind of recipient: a sink, a replier, a forwarder, one that fails. */
function world() {
  const fixture = systemFixture({ inboxCapacity: 3 });
  const { system } = fixture;
  system.spawn(recorder, { id: 'sink', topics: ['news'] });
  system.spawn(echo, { id: 'echo', topics: ['news'] });
  system.spawn(relay, { id: 'relay', input: { next: 'sink' } });
  system.spawn(fragile, { id: 'fragile' });
  system.bus.intercept((e) => {
    if (e.content.kind === 'slow') return { delay: 7 };
    if (e.content.kind === 'doomed') return { drop: 'doomed by the test' };
    return PASS;
  });
  const taps = { envelopes: 0, delivered: 0, deadLettered: 0 };
  system.bus.published$.subscribe(() => taps.envelopes++);
  system.bus.delivered$.subscribe(() => taps.delivered++);
  system.bus.deadLetters$.subscribe(() => taps.deadLettered++);
  return { ...fixture, app: system.endpoint('app'), taps };
}

function apply(w: ReturnType<typeof world>, command: Command): void {
  const { system, clock, app } = w;
  switch (command.do) {
    case 'send':
      app.send(toMessage(command.message));
      return;
    case 'burst':
      system.bus.batch(() => {
        for (const message of command.messages) app.send(toMessage(message));
        clock.advance(command.advance); // time passes while the burst is queued
      });
      return;
    case 'flood':
      system.bus.batch(() => {
        for (let i = 0; i < command.copies; i++) app.send(toMessage(command.message));
      });
      return;
    case 'request':
      app.request(toMessage(command.message), command.timeout).catch(() => {});
      return;
    case 'advance':
      system.run({ until: clock.now() + command.ms });
      return;
    case 'stop':
      system.stopAgent(command.id, 'stopped by the schedule');
      return;
    case 'restart':
      system.restartAgent(command.id);
      return;
    case 'seal':
      system.bus.seal('sealed by the schedule');
      return;
    case 'unseal':
      system.bus.unseal();
  }
}

function describeStats(s: BusStats): string {
  return `published ${s.published} ≠ delivered ${s.delivered} + dead-lettered ${s.deadLettered} + in flight ${s.inFlight}`;
}

describe('the conservation law', () => {
  it('published = delivered + deadLettered + inFlight after every step of any schedule', () => {
    const reasonsSeen = new Map<DeadLetterReason, number>();
    fc.assert(
      fc.property(fc.array(aCommand, { minLength: 1, maxLength: 40 }), (commands) => {
        const w = world();
        for (const command of commands) {
          apply(w, command);
          const stats = w.system.stats();
          if (!conservationHolds(stats))
            throw new Error(`after ${JSON.stringify(command)}: ${describeStats(stats)}`);
        }
        w.system.run();
        const stats = w.system.stats();
        expect(stats.inFlight).toBe(0);
        expect(stats.published).toBe(stats.delivered + stats.deadLettered);
        // The counters agree with what the taps saw: nothing is counted that was not seen, or the reverse.
        expect(w.taps).toEqual({
          envelopes: stats.envelopes,
          delivered: stats.delivered,
          deadLettered: stats.deadLettered,
        });
        for (const letter of w.deadLetters) {
          expect(REASONS.has(letter.reason), letter.reason).toBe(true);
          expect(letter.detail.length).toBeGreaterThan(0);
          reasonsSeen.set(letter.reason, (reasonsSeen.get(letter.reason) ?? 0) + 1);
        }
      }),
      { numRuns: 300 },
    );
    // The schedules reached every way a message can fail, so the law was checked against all of them.
    expect([...reasonsSeen.keys()].sort()).toEqual([...REASONS].sort());
  });
});
