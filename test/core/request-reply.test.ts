import { describe, expect, it } from 'vitest';
import { type Envelope, RequestTimeoutError, RequestUndeliverableError } from './support/core.js';
import { echo } from './support/echo.js';
import { recorder } from './support/recorder.js';
import { outcomeOf, systemFixture } from './support/system-fixture.js';

describe('request/reply', () => {
  it('resolves with the reply, correlated by inReplyTo, and leaves no timer behind', async () => {
    const { system, clock } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    const published: Envelope[] = [];
    system.bus.published$.subscribe((e) => published.push(e));
    const me = system.endpoint('app');
    const answer = me.request({ performative: 'request', receiver: 'echo', content: { kind: 'ping' } }, 1000);
    system.run();
    const reply = await answer;
    const request = published[0]!;
    expect(reply).toMatchObject({
      performative: 'inform',
      sender: 'echo',
      receiver: 'app',
      inReplyTo: request.id,
      content: { kind: 'echo', of: { kind: 'ping' } },
    });
    expect(clock.pending).toBe(0);
  });

  it('rejects with RequestTimeoutError when the virtual clock passes the timeout, not before', async () => {
    const { system, clock } = systemFixture();
    system.spawn(recorder, { id: 'silent' });
    const me = system.endpoint('app');
    const answer = outcomeOf(
      me.request({ performative: 'request', receiver: 'silent', content: { kind: 'ping' } }, 500),
    );
    system.run({ until: 499 });
    await Promise.resolve();
    expect(answer.settled()).toBe(false);
    system.run();
    const outcome = await answer;
    expect(clock.now()).toBe(500);
    if (outcome.ok) throw new Error('expected a timeout');
    expect(outcome.error).toBeInstanceOf(RequestTimeoutError);
    expect((outcome.error as RequestTimeoutError).code).toBe('request-timeout');
    expect((outcome.error as Error).message).toMatch(
      /^no reply from 'silent' to request \S+ within 500 ms; raise/,
    );
  });

  it('rejects at once with RequestUndeliverableError when the request is dead-lettered', async () => {
    const { system } = systemFixture();
    const me = system.endpoint('app');
    const outcome = await outcomeOf(
      me.request({ performative: 'request', receiver: 'ghost', content: { kind: 'ping' } }, 60_000),
    );
    if (outcome.ok) throw new Error('expected a refusal');
    expect(outcome.error).toBeInstanceOf(RequestUndeliverableError);
    const error = outcome.error as RequestUndeliverableError;
    expect(error.deadLetter.reason).toBe('unknown-receiver');
    expect(error.message).toContain("to 'ghost' was dead-lettered (unknown-receiver: no agent 'ghost'");
    expect(system.clock.now()).toBe(0);
  });

  it('rejects as undeliverable when the receiver is stopped', async () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    system.stopAgent('echo', 'maintenance');
    const outcome = await outcomeOf(
      system
        .endpoint('app')
        .request({ performative: 'request', receiver: 'echo', content: { kind: 'ping' } }, 1000),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect((outcome.error as RequestUndeliverableError).deadLetter.reason).toBe('receiver-stopped');
  });

  it('resolves with the not-understood reply when the receiver does not handle the performative', async () => {
    const { system, clock, deadLetters } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    const outcome = outcomeOf(
      system
        .endpoint('app')
        .request({ performative: 'cfp', receiver: 'echo', content: { kind: 'task' } }, 1000),
    );
    system.run({ until: 0 });
    const settled = await outcome;
    if (!settled.ok) throw new Error(`expected the not-understood answer, got ${String(settled.error)}`);
    expect(settled.value).toMatchObject({
      performative: 'not-understood',
      sender: 'echo',
      content: { kind: 'reason', reason: "'echo' does not handle 'cfp' messages" },
    });
    expect(deadLetters.map((d) => d.reason)).toEqual(['not-understood']);
    expect(clock.pending).toBe(0);
  });

  it('a request to a topic resolves with the first reply', async () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'echo-1', topics: ['pings'] });
    system.spawn(echo, { id: 'echo-2', topics: ['pings'] });
    const answer = system
      .endpoint('app')
      .request({ performative: 'request', receiver: '#pings', content: { kind: 'ping' } }, 1000);
    system.run();
    expect((await answer).sender).toBe('echo-1');
  });

  it('to a topic nobody subscribes to, or to everyone when nobody else is here, fails at once', async () => {
    const { system, clock } = systemFixture();
    const me = system.endpoint('app');
    for (const receiver of ['#nobody', '*'] as const) {
      const outcome = await outcomeOf(
        me.request({ performative: 'request', receiver, content: { kind: 'ping' } }, 60_000),
      );
      if (outcome.ok) throw new Error('expected a refusal');
      expect(outcome.error).toBeInstanceOf(RequestUndeliverableError);
      expect((outcome.error as RequestUndeliverableError).deadLetter.reason).toBe('no-subscribers');
    }
    expect(clock.now()).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('to a topic fails at once when the bus is sealed or an interceptor drops it', async () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'echo', topics: ['pings'] });
    const me = system.endpoint('app');
    const ask = () =>
      outcomeOf(
        me.request({ performative: 'request', receiver: '#pings', content: { kind: 'ping' } }, 60_000),
      );
    const remove = system.bus.intercept(() => ({ drop: 'partitioned' }));
    const dropped = await ask();
    remove();
    system.bus.seal('maintenance');
    const sealed = await ask();
    const reasons = [dropped, sealed].map((o) =>
      o.ok ? 'resolved' : (o.error as RequestUndeliverableError).deadLetter.reason,
    );
    expect(reasons).toEqual(['dropped', 'halted']);
    expect(system.clock.now()).toBe(0);
  });

  it('to a topic still waits for the other subscribers when one copy is dead-lettered', async () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'echo-1', topics: ['pings'] });
    system.spawn(echo, { id: 'echo-2', topics: ['pings'] });
    system.stopAgent('echo-1', 'maintenance');
    const answer = system
      .endpoint('app')
      .request({ performative: 'request', receiver: '#pings', content: { kind: 'ping' } }, 1000);
    system.run();
    expect((await answer).sender).toBe('echo-2');
  });
});
