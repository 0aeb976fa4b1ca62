import { describe, expect, it } from 'vitest';
import { type CourierMessage, courier } from '../../machines/examples/courier.js';
import type { Envelope } from '../../src/protocol/envelope.js';
import type { Message } from '../../src/protocol/outbound.js';
import { persistedSnapshotOf } from '../../src/runtime/agent.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';

const MINUTE = 60_000;

function town(seed = 1, traffic = 0) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed });
  const van = system.spawn(courier, { id: 'courier', input: { beliefs: { traffic } } });
  const shop = system.endpoint('shop');
  const news: Envelope[] = [];
  shop.inbox$.subscribe((e) => news.push(e));
  const tell = (content: CourierMessage['content'], performative: CourierMessage['type']) =>
    shop.send({ performative, receiver: 'courier', content } as Message);
  const book = (parcel: string, from: string, to: string, urgent = false) =>
    tell({ kind: 'delivery', parcel, from, to, urgent }, 'request');
  const block = (from: string, to: string) => tell({ kind: 'road-blocked', from, to }, 'inform');
  const context = () => van.actor.getSnapshot().context;
  const delivered = () =>
    news.filter((e) => e.content.kind === 'delivered').map((e) => [e.sentAt / MINUTE, e.content]);
  return { clock, system, van, news, book, block, tell, context, delivered };
}

describe('courier (BDI example)', () => {
  it('collects a parcel and delivers it along the main road', () => {
    const t = town();
    t.book('p1', 'market', 'harbour');
    t.system.run();
    expect(t.news[0]).toMatchObject({ performative: 'agree', content: { kind: 'delivery-accepted' } });
    expect(t.context().beliefs.trail).toEqual(['market', 'square', 'harbour']);
    expect(t.delivered()).toEqual([[7, { kind: 'delivered', parcel: 'p1', at: 'harbour' }]]);
    expect(t.context().ended.map((e) => [e.id, e.outcome])).toEqual([
      ['reach:{"place":"market"}', 'achieved'],
      ['reach:{"place":"harbour"}', 'achieved'],
      ['deliver:{"parcel":"p1"}', 'achieved'],
    ]);
    expect(t.van.actor.getSnapshot().value).toBe('idle');
  });

  it('replans around a road reported blocked while it drives toward it', () => {
    const t = town();
    t.book('p1', 'market', 'harbour');
    t.system.run({ until: 5 * MINUTE }); // picked up at the market, now at the square
    expect(t.context().beliefs.at).toBe('square');
    expect(t.context().intention.at(-1)).toMatchObject({ goal: 'reach', plan: 'main-road' });
    t.block('square', 'harbour');
    t.system.run({ until: 5 * MINUTE + 1 }); // reconsidered at once, not at the next step
    expect(t.context().intention.at(-1)).toMatchObject({
      plan: 'detour',
      failures: [{ plan: 'main-road', reason: 'its context no longer holds' }],
    });
    t.system.run();
    expect(t.context().beliefs.trail).toEqual(['market', 'square', 'market', 'ring', 'harbour']);
    expect(t.delivered().map(([minute]) => minute)).toEqual([9]);
  });

  it('drops the delivery with a reason, and tells the customer, when no road leads there', () => {
    const t = town();
    for (const [a, b] of [
      ['square', 'harbour'],
      ['ring', 'harbour'],
      ['mill', 'harbour'],
    ] as const)
      t.block(a, b);
    t.book('p1', 'market', 'harbour');
    t.system.run();
    const end = t.context().ended.find((e) => e.goal === 'deliver');
    expect(end).toMatchObject({ outcome: 'dropped' });
    expect(end?.reason).toContain('subgoal reach:{"place":"harbour"} was dropped: no plan applies');
    expect(t.news.at(-1)).toMatchObject({ performative: 'failure', content: { kind: 'reason' } });
    expect(t.context().beliefs.parcels.p1?.status).toBe('carried');
  });

  it('puts an urgent parcel first, then finishes the one it set aside', () => {
    const t = town();
    t.book('slow', 'market', 'harbour');
    t.system.run({ until: 3 * MINUTE }); // carrying 'slow', at the market
    t.book('rush', 'depot', 'mill', true);
    t.system.run();
    expect(t.delivered().map(([, c]) => c)).toEqual([
      { kind: 'delivered', parcel: 'rush', at: 'mill' },
      { kind: 'delivered', parcel: 'slow', at: 'harbour' },
    ]);
    expect(t.context().beliefs.trail).toEqual(['market', 'depot', 'mill', 'harbour']);
  });

  it('ends a cancelled delivery as impossible', () => {
    const t = town();
    t.book('p1', 'market', 'harbour');
    t.system.run({ until: 2 * MINUTE });
    t.tell({ kind: 'cancel-delivery', parcel: 'p1' }, 'cancel');
    t.system.run();
    expect(t.context().ended.at(-1)).toMatchObject({ goal: 'deliver', outcome: 'impossible' });
    expect(t.delivered()).toEqual([]);
    expect(t.news.at(-1)?.performative).toBe('failure');
  });

  it('is restarted from a persisted snapshot and completes the delivery', () => {
    const t = town();
    t.book('p1', 'market', 'harbour');
    t.system.run({ until: 4 * MINUTE + 1 });
    const snapshot = JSON.parse(JSON.stringify(persistedSnapshotOf(t.van)));
    t.system.restartAgent('courier', snapshot); // no help needed: the agent re-arms its own step
    t.system.run();
    expect(t.context().beliefs.trail).toEqual(['market', 'square', 'harbour']);
    expect(t.delivered()).toHaveLength(1);
  });

  it('drives the same way for the same seed, whatever the traffic', () => {
    const run = (seed: number) => {
      const t = town(seed, 0.4);
      t.book('p1', 'market', 'harbour');
      t.book('p2', 'harbour', 'mill');
      t.system.run();
      return JSON.stringify([t.delivered(), t.context().beliefs.trail]);
    };
    expect(run(7)).toBe(run(7));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(run)).size).toBeGreaterThan(1);
  });
});
