import { describe, expect, it } from 'vitest';
import { busFixture } from './support/bus-fixture.js';
import { conservationHolds } from './support/core.js';
import { makeEnvelope } from './support/envelopes.js';

describe('sealing the bus', () => {
  it('dead-letters everything queued as halted, with the reason given', () => {
    const { bus, box, deadLetters } = busFixture();
    const inbox = box('inbox');
    bus.batch(() => {
      for (let i = 0; i < 3; i++) bus.publish(makeEnvelope({ receiver: 'inbox' }));
      bus.seal('emergency shutdown');
    });
    expect(inbox.received).toEqual([]);
    expect(deadLetters.map((d) => [d.reason, d.detail, d.recipient])).toEqual([
      ['halted', 'emergency shutdown', 'inbox'],
      ['halted', 'emergency shutdown', 'inbox'],
      ['halted', 'emergency shutdown', 'inbox'],
    ]);
    expect(bus.stats()).toMatchObject({ published: 3, deadLettered: 3, queued: 0, inFlight: 0 });
  });

  it('dead-letters later publishes until unsealed, then delivers again', () => {
    const { bus, box, reasons } = busFixture();
    const inbox = box('inbox');
    bus.seal('maintenance');
    expect(bus.sealed).toBe(true);
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    bus.publish(makeEnvelope({ receiver: '*' }));
    expect(reasons()).toEqual(['halted', 'halted']);
    bus.unseal();
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(inbox.received).toHaveLength(1);
    expect(conservationHolds(bus.stats())).toBe(true);
  });

  it('dead-letters an envelope held by a delay if the bus is sealed when the delay ends', () => {
    const { bus, clock, box, reasons } = busFixture();
    const inbox = box('inbox');
    bus.intercept(() => ({ delay: 10 }));
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    bus.seal('halt', 'system-stopped');
    clock.advance(10);
    expect(inbox.received).toEqual([]);
    expect(reasons()).toEqual(['system-stopped']);
    expect(bus.stats()).toMatchObject({ held: 0, inFlight: 0 });
  });

  it('discardQueued dead-letters what is queued with the reason given, without sealing', () => {
    const { bus, box, reasons } = busFixture();
    const inbox = box('inbox');
    bus.batch(() => {
      bus.publish(makeEnvelope({ receiver: 'inbox' }));
      bus.discardQueued('system-stopped', 'stopping');
    });
    expect(reasons()).toEqual(['system-stopped']);
    bus.publish(makeEnvelope({ receiver: 'inbox' }));
    expect(inbox.received).toHaveLength(1);
  });
});
