import { describe, expect, it } from 'vitest';
import { busFixture } from './support/bus-fixture.js';
import { conservationHolds, PASS } from './support/core.js';
import { makeEnvelope } from './support/envelopes.js';

describe('interceptors', () => {
  it('a drop becomes a dead letter with the interceptor’s words', () => {
    const { bus, box, deadLetters } = busFixture();
    const victim = box('victim');
    const bystander = box('bystander');
    bus.intercept((e) => (e.receiver === 'victim' ? { drop: 'partitioned by chaos' } : PASS));
    bus.publish(makeEnvelope({ receiver: 'victim' }));
    bus.publish(makeEnvelope({ receiver: 'bystander' }));
    expect(victim.received).toEqual([]);
    expect(bystander.received).toHaveLength(1);
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([['dropped', 'partitioned by chaos']]);
    expect(conservationHolds(bus.stats())).toBe(true);
  });

  it('a delay keeps the envelope in flight, then delivers it when the clock gets there', () => {
    const { bus, clock, box } = busFixture();
    const inbox = box('inbox');
    bus.intercept(() => ({ delay: 50 }));
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(inbox.received).toEqual([]);
    expect(bus.stats()).toMatchObject({ published: 1, delivered: 0, held: 1, inFlight: 1 });
    expect(bus.idle).toBe(false);
    clock.advance(49);
    expect(inbox.received).toEqual([]);
    clock.advance(1);
    expect(inbox.received).toHaveLength(1);
    expect(bus.stats()).toMatchObject({ published: 1, delivered: 1, held: 0, inFlight: 0 });
  });

  it('a delayed envelope still passes the interceptors after the one that delayed it', () => {
    const { bus, clock, box, reasons } = busFixture();
    box('inbox');
    const seen: number[] = [];
    bus.intercept(() => ({ delay: 10 }));
    bus.intercept(() => {
      seen.push(clock.now());
      return { drop: 'second opinion' };
    });
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    clock.advance(10);
    expect(seen).toEqual([10]);
    expect(reasons()).toEqual(['dropped']);
  });

  it('a replacement is counted: two copies are two published messages, both delivered', () => {
    const { bus, box } = busFixture();
    const inbox = box('inbox');
    bus.intercept((e) => (e.id.endsWith('-copy') ? PASS : { replace: [e, { ...e, id: `${e.id}-copy` }] }));
    const original = makeEnvelope({ receiver: 'inbox' });
    bus.publish(original);
    expect(inbox.ids).toEqual([original.id, `${original.id}-copy`]);
    expect(bus.stats()).toMatchObject({ envelopes: 2, published: 2, delivered: 2, deadLettered: 0 });
    expect(conservationHolds(bus.stats())).toBe(true);
  });

  it('a replacement by nothing is a drop, not a disappearance', () => {
    const { bus, box, deadLetters } = busFixture();
    box('inbox');
    bus.intercept(() => ({ replace: [] }));
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['dropped', 'an interceptor replaced it with nothing'],
    ]);
  });

  it('an interceptor that throws drops the envelope with the error, and the bus carries on', () => {
    const { bus, box, deadLetters } = busFixture();
    const inbox = box('inbox');
    const remove = bus.intercept(() => {
      throw new Error('buggy filter');
    });
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(deadLetters[0]!.detail).toBe('an interceptor threw: Error: buggy filter');
    remove();
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(inbox.received).toHaveLength(1);
  });

  it('stops intercepting once removed', () => {
    const { bus, box } = busFixture();
    const inbox = box('inbox');
    const remove = bus.intercept(() => ({ drop: 'no' }));
    remove();
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(inbox.received).toHaveLength(1);
  });
});
