import { describe, expect, it } from 'vitest';
import { conservationHolds } from '../../src/bus/bus-stats.js';
import { decodeEnvelopeJson } from '../../src/protocol/decode.js';
import { createRng } from '../../src/protocol/random.js';
import { CHAOS_FAULTS } from '../../src/protocol/supervision-content.js';
import { snapshotOf } from '../../src/runtime/agent.js';
import { chaosSchedule } from '../../src/supervision/chaos/chaos-schedule.js';
import { corruptText } from '../../src/supervision/chaos/corrupt.js';
import { InjectedFault } from '../../src/supervision/supervision-errors.js';
import { chaosLab } from './support/chaos-lab.js';

const ticks = (lab: ReturnType<typeof chaosLab>, id: string) =>
  snapshotOf(lab.system.agent(id)!).context.ticks as number[];

function outcome(lab: ReturnType<typeof chaosLab>) {
  return lab.observer.outcomes()[0]!;
}

describe('chaos faults, each as specified', () => {
  it('kill stops the target from outside', () => {
    const lab = chaosLab('kill');
    lab.system.run();
    expect(lab.system.agent('rec1')?.status).toBe('stopped');
    expect(lab.system.agent('rec2')?.status).toBe('running');
    expect(outcome(lab)).toMatchObject({ injected: 1, detected: true, recovered: false });
    expect(conservationHolds(lab.system.stats())).toBe(true);
  });

  it('throw fails the target with an injected fault', () => {
    const lab = chaosLab('throw');
    const errors: string[] = [];
    lab.system.lifecycle$.subscribe((r) => r.error && errors.push(r.error.name));
    lab.system.run();
    expect(lab.system.agent('rec1')?.status).toBe('failed');
    expect(errors).toEqual([InjectedFault.name]);
  });

  it('drop loses a share of the target’s messages, each a dead letter naming the fault', () => {
    const lab = chaosLab('drop', 1, { probability: 0.5 });
    lab.system.run();
    const dropped = lab.deadLetters.filter((d) => d.includes('dropped chaos#0 drop'));
    const got = ticks(lab, 'rec1').length;
    expect(dropped.length).toBeGreaterThan(10);
    expect(dropped.length).toBeLessThan(40);
    expect(got + dropped.length).toBe(100);
    expect(ticks(lab, 'rec2')).toHaveLength(100);
    expect(outcome(lab)).toMatchObject({ detected: true, recovered: true, injected: dropped.length });
  });

  it('delay holds messages back, within the configured range', () => {
    const lab = chaosLab('delay', 1, { probability: 1, delayMs: [30, 60] });
    const ages: number[] = [];
    lab.system.bus.delivered$.subscribe(({ envelope, recipient }) => {
      if (recipient === 'rec1') ages.push(lab.clock.now() - envelope.sentAt);
    });
    lab.system.run();
    const delayed = ages.filter((a) => a > 0);
    expect(delayed.length).toBeGreaterThan(40);
    expect(Math.min(...delayed)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...delayed)).toBeLessThanOrEqual(60);
    expect(ticks(lab, 'rec1')).toHaveLength(100);
    expect(outcome(lab).detectedBy).toEqual(['latency: late deliveries']);
  });

  it('duplicate delivers messages twice with the same id', () => {
    const lab = chaosLab('duplicate', 1, { probability: 0.5 });
    lab.system.run();
    const got = ticks(lab, 'rec1');
    expect(got.length).toBeGreaterThan(110);
    expect(new Set(got).size).toBe(100);
    expect(outcome(lab).signals.duplicates).toBe(got.length - 100);
  });

  it('reorder lets later messages overtake earlier ones', () => {
    const lab = chaosLab('reorder', 1, { probability: 0.5, reorderHoldMs: 40 });
    lab.system.run();
    const got = ticks(lab, 'rec1');
    expect(got).toHaveLength(100);
    expect(got).not.toEqual([...got].sort((a, b) => a - b));
    expect(outcome(lab).signals.reordered).toBeGreaterThan(0);
  });

  it('corrupt damages bytes; the decoder refuses them as invalid and no agent sees them', () => {
    const lab = chaosLab('corrupt', 1, { probability: 0.5 });
    lab.system.run();
    const invalid = lab.deadLetters.filter((d) =>
      d.includes(' invalid chaos#0 corrupt: corrupted in transit'),
    );
    expect(invalid.length).toBeGreaterThan(10);
    expect(invalid[0]).toMatch(/refused by the decoder: envelope was refused/);
    expect(ticks(lab, 'rec1').length + invalid.length).toBe(100);
    expect(lab.system.agents().every((a) => a.status === 'running')).toBe(true);
    expect(outcome(lab)).toMatchObject({ detected: true, recovered: true });
  });

  it('corruption always breaks what the decoder checks', () => {
    const rng = createRng(3);
    const envelope = {
      id: 'n.1',
      performative: 'inform',
      sender: 'a',
      receiver: 'b',
      content: { kind: 'tick', n: 1 },
      priority: 'normal',
      sentAt: 5,
    } as const;
    for (let i = 0; i < 300; i++) {
      const mode = (['truncate', 'control-byte', 'wrong-type'] as const)[i % 3]!;
      expect(decodeEnvelopeJson(corruptText(envelope, mode, rng)).ok).toBe(false);
    }
  });

  it('partition cuts the targets off from the others, and only while it lasts', () => {
    const lab = chaosLab('partition', 1, {}, ['rec1']);
    lab.system.run();
    const cut = lab.deadLetters.filter((d) => d.includes('different sides of a partition'));
    expect(cut.length).toBe(50);
    expect(ticks(lab, 'rec1')).toHaveLength(50);
    expect(ticks(lab, 'rec2')).toHaveLength(100);
  });

  it('byzantine brings in an agent that bids falsely and reneges, removed on revert', () => {
    const lab = chaosLab('byzantine');
    const app = lab.system.endpoint('app');
    const answers: string[] = [];
    app.inbox$.subscribe((e) => answers.push(`${e.performative}:${JSON.stringify(e.content)}`));
    lab.system.run({ until: 400 });
    const mallory = lab.system.agents().find((a) => a.id.startsWith('chaos-byzantine'))!;
    expect(mallory.capabilities).toEqual(['record']);
    app.send({
      performative: 'cfp',
      receiver: mallory.id,
      content: { kind: 'task', taskId: 't1', capability: 'record', work: 5 },
    });
    app.send({
      performative: 'accept-proposal',
      receiver: mallory.id,
      content: { kind: 'award', taskId: 't1', price: 0.01 },
    });
    lab.system.run({ until: 500 });
    expect(answers).toEqual([
      'propose:{"kind":"bid","taskId":"t1","price":0.01,"eta":0}',
      'failure:{"kind":"reason","taskId":"t1","reason":"the work was never going to be done"}',
    ]);
    lab.system.run();
    expect(lab.system.agent(mallory.id)).toBeUndefined();
    expect(outcome(lab)).toMatchObject({ detected: true, recovered: true });
  });

  it('sybil floods with identities acting in lockstep, removed on revert', () => {
    const lab = chaosLab('sybil', 1, { sybils: 4, sybilEveryMs: 100 });
    lab.system.run({ until: 450 });
    const sybils = lab.system.agents().filter((a) => a.id.startsWith('chaos-sybil'));
    expect(sybils).toHaveLength(4);
    expect(new Set(sybils.map((s) => s.sent)).size).toBe(1);
    lab.system.run();
    expect(lab.system.agents().filter((a) => a.id.startsWith('chaos-sybil'))).toEqual([]);
  });

  it('starve throttles the target’s inbox to one delivery per interval', () => {
    const lab = chaosLab('starve', 1, { starveIntervalMs: 50 });
    const times: number[] = [];
    lab.system.bus.delivered$.subscribe(
      ({ recipient }) => recipient === 'rec1' && times.push(lab.clock.now()),
    );
    lab.system.run();
    const step = lab.steps[0]!;
    const during = times.filter((t) => t > step.at && t < step.at + step.durationMs);
    for (let i = 1; i < during.length; i++) expect(during[i]! - during[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(ticks(lab, 'rec1')).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('clock-skew stamps the target’s messages from the future', () => {
    const lab = chaosLab('clock-skew', 1, { skewMs: 5000 }, ['tick1']);
    const skewed: number[] = [];
    lab.system.bus.delivered$.subscribe(({ envelope }) => {
      if (envelope.sender === 'tick1' && envelope.sentAt > lab.clock.now())
        skewed.push(envelope.sentAt - lab.clock.now());
    });
    lab.system.run();
    expect(skewed.length).toBeGreaterThan(40);
    expect(new Set(skewed)).toEqual(new Set([5000]));
    expect(outcome(lab).detectedBy).toEqual(['timestamps from the future']);
  });

  for (const fault of ['malformed', 'oversized', 'deep-nesting'] as const) {
    it(`${fault} payloads are refused at the trust boundary, and nothing reaches an agent`, () => {
      const lab = chaosLab(fault, 1, { payloads: 4 });
      const fromMallory: string[] = [];
      lab.system.bus.published$.subscribe((e) => e.sender === 'mallory' && fromMallory.push(e.id));
      lab.system.run();
      expect(lab.runner.ingress.refusedCount).toBe(4);
      expect(lab.runner.ingress.acceptedCount).toBe(0);
      expect(fromMallory).toEqual([]);
      expect(lab.system.agents().every((a) => a.status === 'running')).toBe(true);
      expect(outcome(lab)).toMatchObject({ injected: 4, detected: true, recovered: true });
      expect(lab.runner.ingress.refusals[0]!.problems.length).toBeGreaterThan(0);
    });
  }
});

describe('chaos is reproducible', () => {
  for (const fault of CHAOS_FAULTS) {
    it(`${fault}: the same seed gives the same faults at the same simulated times`, () => {
      const run = (seed: number) => {
        const lab = chaosLab(fault, seed, { probability: 0.5 }, ['rec1', 'rec2', 'tick1']);
        lab.system.run();
        return {
          log: lab.runner.log.map(({ fault: f, targets, injectedAt, revertedAt, touched }) => ({
            f,
            targets,
            injectedAt,
            revertedAt,
            touched,
          })),
          deadLetters: lab.deadLetters,
          stats: lab.system.stats(),
        };
      };
      expect(run(4)).toEqual(run(4));
    });
  }

  it('a different seed gives a different schedule', () => {
    const steps = (seed: number) =>
      chaosSchedule({
        seed,
        faults: [...CHAOS_FAULTS],
        candidates: ['a', 'b', 'c', 'd', 'e'],
        blastRadius: { maxAgents: 2 },
      });
    expect(steps(1)).toEqual(steps(1));
    expect(steps(1)).not.toEqual(steps(2));
  });

  it('never lets faults active at the same time touch more agents than the blast radius', () => {
    const candidates = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
    for (const seed of [1, 2, 3, 4, 5]) {
      const steps = chaosSchedule({
        seed,
        faults: [...CHAOS_FAULTS, ...CHAOS_FAULTS],
        candidates,
        everyMs: 100,
        durationMs: 1000,
        blastRadius: { maxShare: 0.15 },
      });
      for (const step of steps) {
        const active = steps.filter((s) => s.at <= step.at && step.at < s.at + s.durationMs);
        expect(new Set(active.flatMap((s) => s.targets)).size).toBeLessThanOrEqual(3);
      }
    }
  });
});
