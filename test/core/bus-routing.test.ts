import { describe, expect, it } from 'vitest';
import { busFixture } from './support/bus-fixture.js';
import { conservationHolds } from './support/core.js';
import { makeEnvelope } from './support/envelopes.js';

describe('routing', () => {
  it('delivers an envelope addressed to an agent to that agent only', () => {
    const { bus, box } = busFixture();
    const alice = box('alice');
    const bob = box('bob');
    const envelope = makeEnvelope({ receiver: 'bob' });
    bus.publish(envelope);
    expect(bob.received).toEqual([envelope]);
    expect(alice.received).toEqual([]);
    expect(bus.stats()).toMatchObject({
      envelopes: 1,
      published: 1,
      delivered: 1,
      deadLettered: 0,
      inFlight: 0,
    });
  });

  it('delivers a topic envelope to every subscriber, as one message each', () => {
    const { bus, box } = busFixture();
    const [a, b, c, outsider] = [box('a'), box('b'), box('c', 'endpoint'), box('outsider')];
    for (const id of ['a', 'b', 'c']) bus.subscribe('market.tasks', id);
    const envelope = makeEnvelope({ receiver: '#market.tasks', sender: 'a' });
    bus.publish(envelope);
    // Topics reach every subscriber, the sender and endpoints included: they asked for it.
    expect([a.received, b.received, c.received]).toEqual([[envelope], [envelope], [envelope]]);
    expect(outsider.received).toEqual([]);
    expect(bus.stats()).toMatchObject({ envelopes: 1, published: 3, delivered: 3 });
  });

  it('stops delivering a topic to a mailbox that unsubscribed or was unregistered', () => {
    const { bus, box } = busFixture();
    const [a, b] = [box('a'), box('b')];
    bus.subscribe('news', 'a');
    bus.subscribe('news', 'b');
    bus.unsubscribe('news', 'a');
    bus.unregister('b');
    expect(bus.hasSubscribers('news')).toBe(false);
    bus.publish(makeEnvelope({ receiver: '#news' }));
    expect([a.received, b.received]).toEqual([[], []]);
  });

  it('broadcasts to every agent except the sender, and never to services or endpoints', () => {
    const { bus, box } = busFixture();
    const sender = box('sender');
    const agents = [box('a1'), box('a2'), box('a3')];
    const service = box('polis.directory', 'service');
    const endpoint = box('app', 'endpoint');
    const envelope = makeEnvelope({ receiver: '*', sender: 'sender' });
    bus.publish(envelope);
    for (const agent of agents) expect(agent.received).toEqual([envelope]);
    expect(sender.received).toEqual([]);
    expect(service.received).toEqual([]);
    expect(endpoint.received).toEqual([]);
    expect(bus.stats()).toMatchObject({ published: 3, delivered: 3, deadLettered: 0 });
  });

  it('dead-letters an envelope for an unknown agent as unknown-receiver, saying what to check', () => {
    const { bus, box, deadLetters } = busFixture();
    box('alice');
    const envelope = makeEnvelope({ receiver: 'ghost' });
    bus.publish(envelope);
    expect(deadLetters).toEqual([
      {
        envelope,
        reason: 'unknown-receiver',
        detail: "no agent 'ghost' is registered; check the id or spawn it first",
        at: 0,
      },
    ]);
    expect(bus.stats()).toMatchObject({ published: 1, delivered: 0, deadLettered: 1 });
    expect(bus.stats().deadLettersByReason).toEqual({ 'unknown-receiver': 1 });
  });

  it('dead-letters a topic nobody subscribes to as no-subscribers', () => {
    const { bus, box, deadLetters } = busFixture();
    box('alice');
    bus.publish(makeEnvelope({ receiver: '#quiet' }));
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['no-subscribers', "nobody subscribes to topic 'quiet'"],
    ]);
  });

  it('dead-letters a broadcast that only the sender could hear as no-subscribers', () => {
    const { bus, box, reasons } = busFixture();
    box('lonely');
    box('app', 'endpoint');
    bus.publish(makeEnvelope({ receiver: '*', sender: 'lonely' }));
    expect(reasons()).toEqual(['no-subscribers']);
  });

  it('keeps the conservation law for every routing outcome', () => {
    const { bus, box } = busFixture();
    box('a');
    box('b');
    bus.subscribe('t', 'a');
    bus.subscribe('t', 'b');
    for (const receiver of ['a', '#t', '*', 'ghost', '#none']) {
      bus.publish(makeEnvelope({ receiver, sender: 'a' }));
      expect(conservationHolds(bus.stats())).toBe(true);
    }
    expect(bus.stats()).toMatchObject({
      envelopes: 5,
      published: 6,
      delivered: 4,
      deadLettered: 2,
      inFlight: 0,
    });
  });
});
