import { describe, expect, it } from 'vitest';
import { conservationHolds, type Envelope, InMemoryNetwork } from './support/core.js';
import { recorder, seenBy } from './support/recorder.js';
import { relay } from './support/relay.js';
import { systemFixture } from './support/system-fixture.js';

/** Two systems, `a` and `b`, joined by one in-memory network. */
function twoNodes() {
  const network = new InMemoryNetwork();
  const a = systemFixture({ nodeId: 'node-a', transport: network.transport() });
  const b = systemFixture({ nodeId: 'node-b', transport: network.transport() });
  const settle = async () => {
    await a.system.settle();
    await b.system.settle();
  };
  return { network, a, b, settle };
}

describe('two systems on one in-memory network', () => {
  it('an agent on A sends to an agent on B', async () => {
    const { a, b, settle } = twoNodes();
    const bob = b.system.spawn(recorder, { id: 'bob' });
    a.system.spawn(relay, { id: 'alice', input: { next: 'bob' } });
    a.system.endpoint('app').send({ performative: 'inform', receiver: 'alice', content: { kind: 'hello' } });
    await settle();
    const [arrived] = seenBy(bob);
    expect(arrived).toMatchObject({ sender: 'alice', receiver: 'bob', content: { kind: 'hello' } });
    expect(arrived!.id.startsWith('node-a.')).toBe(true);
    expect(a.system.stats()).toMatchObject({ forwarded: 1, deadLettered: 0, inFlight: 0 });
    expect(b.system.stats()).toMatchObject({ published: 1, delivered: 1, inFlight: 0 });
  });

  it('a topic reaches its subscribers on both nodes', async () => {
    const { a, b, settle } = twoNodes();
    const here = a.system.spawn(recorder, { id: 'here', topics: ['news'] });
    const there = b.system.spawn(recorder, { id: 'there', topics: ['news'] });
    a.system
      .endpoint('app')
      .send({ performative: 'inform', receiver: '#news', content: { kind: 'headline' } });
    await settle();
    expect(seenBy(here)).toHaveLength(1);
    expect(seenBy(there)).toHaveLength(1);
    expect(seenBy(there)[0]!.id).toBe(seenBy(here)[0]!.id);
    expect(a.deadLetters).toEqual([]);
    expect(b.deadLetters).toEqual([]);
    expect(conservationHolds(a.system.stats())).toBe(true);
    expect(conservationHolds(b.system.stats())).toBe(true);
  });

  it('a broadcast reaches the agents on both nodes except the sender', async () => {
    const { a, b, settle } = twoNodes();
    const near = a.system.spawn(recorder, { id: 'near' });
    const far = b.system.spawn(recorder, { id: 'far' });
    a.system.spawn(relay, { id: 'speaker', input: { next: '*' } });
    a.system
      .endpoint('app')
      .send({ performative: 'inform', receiver: 'speaker', content: { kind: 'hear-ye' } });
    await settle();
    expect(seenBy(near).map((e) => e.sender)).toEqual(['speaker']);
    expect(seenBy(far).map((e) => e.sender)).toEqual(['speaker']);
    expect(b.deadLetters).toEqual([]);
  });

  it('an unknown receiver is dead-lettered on the sender’s node as unknown-receiver', async () => {
    const { a, b, settle } = twoNodes();
    b.system.spawn(recorder, { id: 'bob' });
    a.system.endpoint('app').send({ performative: 'inform', receiver: 'nobody', content: { kind: 'lost' } });
    expect(a.system.stats()).toMatchObject({ forwarding: 1, inFlight: 1 });
    await settle();
    expect(a.deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['unknown-receiver', "no node on the network hosts 'nobody'"],
    ]);
    expect(b.deadLetters).toEqual([]);
    expect(a.system.stats()).toMatchObject({ inFlight: 0, deadLettered: 1 });
  });

  it('drops a redelivered duplicate, counts it, and keeps the law on both sides', async () => {
    const { network, a, b, settle } = twoNodes();
    const bob = b.system.spawn(recorder, { id: 'bob' });
    const sent: Envelope = a.system
      .endpoint('app')
      .send({ performative: 'inform', receiver: 'bob', content: { kind: 'once' } });
    await settle();
    network.redeliver(sent);
    network.redeliver(sent);
    await settle();
    expect(seenBy(bob)).toHaveLength(1);
    expect(network.duplicates).toBe(2);
    for (const side of [a, b]) {
      const stats = side.system.stats();
      expect(conservationHolds(stats)).toBe(true);
      expect(stats.inFlight).toBe(0);
    }
  });

  it('refuses to join two systems with the same node id', () => {
    const network = new InMemoryNetwork();
    systemFixture({ nodeId: 'same', transport: network.transport() });
    expect(() => systemFixture({ nodeId: 'same', transport: network.transport() })).toThrow(
      /give each system its own nodeId/,
    );
  });
});
