import { describe, expect, it } from 'vitest';
import { conservationHolds, snapshotOf } from './support/core.js';
import { relay } from './support/relay.js';
import { systemFixture } from './support/system-fixture.js';

describe('trampolined delivery', () => {
  it('carries a message down a chain of 100,000 agents, each its own root actor, without a stack overflow', () => {
    const length = 100_000;
    const { system, deadLetters, lifecycle } = systemFixture();
    for (let i = length - 1; i >= 0; i--) {
      system.spawn(relay, { id: `link-${i}`, input: i === length - 1 ? {} : { next: `link-${i + 1}` } });
    }
    const last = system.agent(`link-${length - 1}`)!;
    // Each agent is a separate root actor: its own system, not a child of one parent.
    expect(system.agent('link-0')!.actor.system).not.toBe(last.actor.system);

    system.endpoint('app').send({ performative: 'inform', receiver: 'link-0', content: { kind: 'baton' } });
    const report = system.run();

    expect(snapshotOf(last).context.arrived).toBe(1);
    expect(deadLetters).toEqual([]);
    expect(lifecycle.filter((l) => l.event === 'failed')).toEqual([]);
    const stats = system.stats();
    expect(stats).toMatchObject({ published: length, delivered: length, deadLettered: 0, inFlight: 0 });
    expect(conservationHolds(stats)).toBe(true);
    expect(report.idle).toBe(true);
  }, 180_000); // a guard against a hang, not a speed target: 100,000 actors take seconds of CPU
});
