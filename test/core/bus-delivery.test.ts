import { describe, expect, it } from 'vitest';
import { busFixture } from './support/bus-fixture.js';
import { conservationHolds, type Priority } from './support/core.js';
import { makeEnvelope } from './support/envelopes.js';

describe('priority', () => {
  it('a critical envelope overtakes the normal traffic queued before it', () => {
    const { bus, box } = busFixture();
    const inbox = box('inbox');
    const normals = [1, 2, 3, 4, 5].map((n) => makeEnvelope({ receiver: 'inbox', id: `normal-${n}` }));
    const critical = makeEnvelope({ receiver: 'inbox', id: 'critical', priority: 'critical' });
    bus.batch(() => {
      for (const envelope of normals) bus.publish(envelope);
      bus.publish(critical);
      expect(inbox.received).toEqual([]); // queued until the batch ends
    });
    expect(inbox.ids).toEqual(['critical', 'normal-1', 'normal-2', 'normal-3', 'normal-4', 'normal-5']);
  });

  it('orders queued traffic critical, high, normal, low, and first-in first-out within a lane', () => {
    const { bus, box } = busFixture();
    const inbox = box('inbox');
    const order: Priority[] = ['low', 'normal', 'high', 'critical', 'low', 'high', 'normal', 'critical'];
    bus.batch(() => {
      for (const [i, priority] of order.entries()) {
        bus.publish(makeEnvelope({ receiver: 'inbox', id: `${priority}-${i}`, priority }));
      }
    });
    expect(inbox.ids).toEqual([
      'critical-3',
      'critical-7',
      'high-2',
      'high-5',
      'normal-1',
      'normal-6',
      'low-0',
      'low-4',
    ]);
  });

  it('a critical envelope published by a recipient overtakes what is still queued', () => {
    const { bus, box } = busFixture();
    const log: string[] = [];
    const first = box('first');
    const other = box('other');
    const originalDeliver = first.deliver.bind(first);
    first.deliver = (envelope) => {
      log.push(envelope.id);
      bus.publish(makeEnvelope({ receiver: 'other', id: 'alarm', priority: 'critical' }));
      return originalDeliver(envelope);
    };
    const otherDeliver = other.deliver.bind(other);
    other.deliver = (envelope) => {
      log.push(envelope.id);
      return otherDeliver(envelope);
    };
    bus.batch(() => {
      bus.publish(makeEnvelope({ receiver: 'first', id: 'trigger' }));
      for (let i = 0; i < 3; i++) bus.publish(makeEnvelope({ receiver: 'other', id: `routine-${i}` }));
    });
    expect(log).toEqual(['trigger', 'alarm', 'routine-0', 'routine-1', 'routine-2']);
  });
});

describe('expiry', () => {
  it('dead-letters an envelope whose expiresAt passes while it is queued', () => {
    const { bus, clock, box, deadLetters } = busFixture();
    const inbox = box('inbox');
    const fresh = makeEnvelope({ receiver: 'inbox', expiresAt: 500 });
    const stale = makeEnvelope({ receiver: 'inbox', expiresAt: 50 });
    bus.batch(() => {
      bus.publish(stale);
      bus.publish(fresh);
      clock.advance(100); // time passes while both wait in the queue
    });
    expect(inbox.received).toEqual([fresh]);
    expect(deadLetters).toEqual([
      {
        envelope: stale,
        recipient: 'inbox',
        reason: 'expired',
        detail: 'expired at 50 while queued',
        at: 100,
      },
    ]);
    expect(conservationHolds(bus.stats())).toBe(true);
  });

  it('dead-letters an envelope that is already expired when published', () => {
    const { bus, clock, box, deadLetters } = busFixture();
    const inbox = box('inbox');
    clock.advance(1000);
    bus.publish(makeEnvelope({ receiver: 'inbox', expiresAt: 999 }));
    bus.publish(makeEnvelope({ receiver: 'inbox', expiresAt: 1000 })); // expiry is inclusive
    expect(inbox.received).toEqual([]);
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['expired', 'expired at 999, before it was sent'],
      ['expired', 'expired at 1000, before it was sent'],
    ]);
  });

  it('delivers an envelope that has not expired yet', () => {
    const { bus, clock, box } = busFixture();
    const inbox = box('inbox');
    clock.advance(1000);
    bus.publish(makeEnvelope({ receiver: 'inbox', expiresAt: 1001 }));
    expect(inbox.received).toHaveLength(1);
  });
});

describe('bounded inboxes', () => {
  it('dead-letters overflow as inbox-full, never silently', () => {
    const { bus, box, deadLetters } = busFixture();
    const small = box('small', 'agent', 3);
    bus.batch(() => {
      for (let i = 0; i < 5; i++) bus.publish(makeEnvelope({ receiver: 'small', id: `m${i}` }));
      expect(small.depth).toBe(3);
    });
    expect(small.ids).toEqual(['m0', 'm1', 'm2']);
    expect(deadLetters.map((d) => [d.envelope.id, d.reason, d.recipient])).toEqual([
      ['m3', 'inbox-full', 'small'],
      ['m4', 'inbox-full', 'small'],
    ]);
    expect(deadLetters[0]!.detail).toBe(
      "the inbox of 'small' holds 3 envelopes already; raise its capacity or slow the sender",
    );
    expect(bus.stats()).toMatchObject({ published: 5, delivered: 3, deadLettered: 2, inFlight: 0 });
  });

  it('takes new envelopes again once the inbox has drained', () => {
    const { bus, box, reasons } = busFixture();
    const small = box('small', 'agent', 1);
    bus.batch(() => bus.publish(makeEnvelope({ receiver: 'small' })));
    bus.batch(() => bus.publish(makeEnvelope({ receiver: 'small' })));
    expect(small.received).toHaveLength(2);
    expect(reasons()).toEqual([]);
  });

  it('counts only the full recipients of a topic as dead letters', () => {
    const { bus, box, deadLetters } = busFixture();
    box('roomy');
    box('tiny', 'agent', 1);
    bus.subscribe('feed', 'roomy');
    bus.subscribe('feed', 'tiny');
    bus.batch(() => {
      for (let i = 0; i < 3; i++) bus.publish(makeEnvelope({ receiver: '#feed' }));
    });
    expect(deadLetters.map((d) => d.recipient)).toEqual(['tiny', 'tiny']);
    expect(bus.stats()).toMatchObject({ published: 6, delivered: 4, deadLettered: 2 });
  });
});

describe('slicing', () => {
  it('delivers a long burst in slices on the clock, never losing one', () => {
    const { bus, clock, box } = busFixture({ sliceSize: 10 });
    const inbox = box('inbox');
    bus.batch(() => {
      for (let i = 0; i < 35; i++) bus.publish(makeEnvelope({ receiver: 'inbox' }));
    });
    expect(inbox.received).toHaveLength(10);
    expect(bus.stats()).toMatchObject({ queued: 25, inFlight: 25 });
    expect(conservationHolds(bus.stats())).toBe(true);
    clock.advance(0);
    expect(inbox.received).toHaveLength(35);
    expect(bus.idle).toBe(true);
  });
});
