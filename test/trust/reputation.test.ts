import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
  addEvidence,
  betaScore,
  createSystem,
  decay,
  type EvidenceContent,
  emptyRecord,
  LIFECYCLE_TOPIC,
  type Outcome,
  ReputationPolicyError,
  reporterWeight,
  reputationLedger,
  reputationPolicy,
  reputationStanding,
  type StandingReport,
  snapshotOf,
  TRUST_TOPIC,
  type TrustChange,
  type TrustReport,
  trustIn,
  VirtualClock,
} from '../../src/index.js';

const policy = reputationPolicy();

function standing(options: { paroles?: number; coolingOff?: number } = {}) {
  const clock = new SimulatedClock();
  const actor = createActor(reputationStanding, {
    clock,
    input: { subject: 'x', policy: reputationPolicy(options) },
  });
  const reports: StandingReport[] = [];
  actor.on('standing.assessed', (r) => reports.push(r));
  actor.start();
  const assess = (score: number, evidence: number) =>
    actor.send({ type: 'assessed', score, evidence, at: clock.now() });
  return { actor, clock, reports, assess, state: () => actor.getSnapshot().context.standing };
}

describe('reputation standing: transitions at their thresholds', () => {
  it('a new identity starts on probation', () => {
    const s = standing();
    s.actor.send({ type: 'introduce', at: 0 });
    expect(s.state()).toBe('probation');
    expect(s.reports).toEqual([expect.objectContaining({ from: 'unknown', to: 'probation' })]);
  });

  it('earns trust exactly at trustAbove with minEvidenceToTrust, not a hair below either', () => {
    const below = standing();
    below.actor.send({ type: 'introduce', at: 0 });
    below.assess(policy.trustAbove - 1e-9, 10);
    below.assess(0.95, policy.minEvidenceToTrust - 1e-9);
    expect(below.state()).toBe('probation');
    below.assess(policy.trustAbove, policy.minEvidenceToTrust);
    expect(below.state()).toBe('trusted');
  });

  it('falls under suspicion strictly below suspectBelow, and hysteresis keeps a middling score where it was', () => {
    const s = standing();
    s.assess(0.9, 5);
    expect(s.state()).toBe('trusted');
    s.assess(policy.suspectBelow, 5);
    expect(s.state()).toBe('trusted');
    s.assess(policy.suspectBelow - 1e-9, 5);
    expect(s.state()).toBe('suspected');
    s.assess(0.6, 5); // between the thresholds: still suspected
    expect(s.state()).toBe('suspected');
    s.assess(policy.trustAbove, 5);
    expect(s.state()).toBe('trusted');
  });

  it('is banned only from suspicion, below banBelow, with enough evidence', () => {
    const s = standing();
    s.assess(0.9, 5);
    s.assess(0.1, 5); // trusted → suspected, never straight to banned
    expect(s.state()).toBe('suspected');
    s.assess(policy.banBelow - 1e-9, policy.minEvidenceToBan - 1e-9);
    expect(s.state()).toBe('suspected');
    s.assess(policy.banBelow, 5);
    expect(s.state()).toBe('suspected');
    s.assess(policy.banBelow - 1e-9, policy.minEvidenceToBan);
    expect(s.state()).toBe('banned');
  });

  it('returns through probation after the cooling-off period, with a clean score, while paroles remain', () => {
    const s = standing({ coolingOff: 1_000, paroles: 1 });
    s.assess(0.3, 5);
    s.assess(0.1, 5);
    expect(s.state()).toBe('banned');
    s.clock.increment(999);
    expect(s.state()).toBe('banned');
    s.clock.increment(1);
    expect(s.state()).toBe('probation');
    expect(s.reports.at(-1)).toMatchObject({ from: 'banned', to: 'probation', paroled: true, score: 0.5 });
    s.assess(0.3, 5);
    s.assess(0.1, 5);
    s.clock.increment(10_000);
    expect(s.state()).toBe('banned'); // no parole left
    expect(s.actor.getSnapshot().value).toEqual({ banned: 'forever' });
  });

  it('never paroles when the policy allows none', () => {
    const s = standing({ paroles: 0 });
    s.assess(0.3, 5);
    s.assess(0.1, 5);
    s.clock.increment(10 * policy.coolingOff);
    expect(s.actor.getSnapshot().value).toEqual({ banned: 'forever' });
  });
});

describe('beta reputation with a forgetting factor', () => {
  it('scores (r + 1) / (r + s + 2)', () => {
    expect(betaScore({ positive: 0, negative: 0 })).toBe(0.5);
    expect(betaScore({ positive: 8, negative: 0 })).toBe(0.9);
    expect(betaScore({ positive: 0, negative: 2 })).toBe(0.25);
  });

  it('decays evidence by λ per period, so an old lapse weighs less than a new one', () => {
    const p = reputationPolicy({ forgettingFactor: 0.5, forgettingPeriod: 1_000 });
    const record = { ...emptyRecord(0), negative: 4 };
    expect(decay(record, 1_000, p).negative).toBeCloseTo(2);
    expect(decay(record, 3_000, p).negative).toBeCloseTo(0.5);
    const oldLapse = addEvidence(
      addEvidence(emptyRecord(0), { positive: 0, negative: 1, vetted: true }, 0, p),
      { positive: 1, negative: 0, vetted: true },
      2_000,
      p,
    );
    const newLapse = addEvidence(
      addEvidence(emptyRecord(0), { positive: 1, negative: 0, vetted: true }, 0, p),
      { positive: 0, negative: 1, vetted: true },
      2_000,
      p,
    );
    expect(betaScore(oldLapse)).toBeGreaterThan(betaScore(newLapse));
  });

  it('never forgets with λ = 1', () => {
    const p = reputationPolicy({ forgettingFactor: 1 });
    expect(decay({ ...emptyRecord(0), positive: 3 }, 1e9, p).positive).toBe(3);
  });

  it('refuses a policy that cannot work, saying what is wrong', () => {
    expect(() => reputationPolicy({ trustAbove: 0.3 })).toThrow(ReputationPolicyError);
    expect(() => reputationPolicy({ forgettingFactor: 0 })).toThrow(/forgettingFactor must be in \(0, 1\]/);
    expect(() =>
      reputationPolicy({ reporterWeights: { probation: -1, unknown: 0.1, suspected: 0, banned: 0 } }),
    ).toThrow(/probation must be a finite number/);
  });

  it('weighs reports by the reporter: authorities in full, trusted by score, the rest little, oneself not at all', () => {
    const p = reputationPolicy({ authorities: ['round-*'] });
    expect(reporterWeight('round-7', 'x', undefined, p)).toEqual({ weight: 1, vetted: true });
    expect(reporterWeight('a', 'x', { standing: 'trusted', score: 0.9 }, p)).toEqual({
      weight: 0.9,
      vetted: true,
    });
    expect(reporterWeight('a', 'x', { standing: 'probation', score: 0.5 }, p)).toEqual({
      weight: 0.1,
      vetted: false,
    });
    expect(reporterWeight('a', 'x', { standing: 'banned', score: 0.1 }, p).weight).toBe(0);
    expect(reporterWeight('x', 'x', { standing: 'trusted', score: 1 }, p).weight).toBe(0);
  });
});

/** A system with a ledger; `judge` is an authority, anything else reports with its own standing. */
function ledgerSystem(policyOverrides: Parameters<typeof reputationPolicy>[0] = {}) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 3 });
  const ledger = system.spawn(reputationLedger, {
    id: 'ledger',
    topics: [LIFECYCLE_TOPIC],
    input: { policy: { authorities: ['judge'], ...policyOverrides }, stream: 'standing' },
  });
  const changes: TrustChange[] = [];
  const watcher = system.endpoint('watcher');
  system.subscribe('watcher', TRUST_TOPIC);
  watcher.inbox$.subscribe((e) => changes.push(e.content as TrustChange));
  const report = (reporter: string, subject: string, outcome: Outcome, times = 1) => {
    const from = system.endpoint(reporter);
    const content: EvidenceContent = { kind: 'evidence', subject, outcome };
    for (let i = 0; i < times; i++) from.send({ performative: 'inform', receiver: 'ledger', content });
    system.run();
  };
  const trust = (subject: string) => trustIn(snapshotOf(ledger).context, subject, clock.now());
  return { system, clock, ledger, changes, report, trust };
}

describe('reputation ledger', () => {
  it('turns evidence into standing and streams the changes on its topic', () => {
    const { report, trust, changes } = ledgerSystem();
    report('judge', 'alice', 'contract-delivered', 5);
    report('judge', 'bob', 'contract-failed', 1);
    expect(trust('alice')).toMatchObject({ standing: 'trusted', positive: 5, negative: 0 });
    expect(trust('bob')).toMatchObject({ standing: 'suspected', negative: 1 });
    expect(changes.map((c) => `${c.subject}:${c.from}→${c.to}`)).toEqual([
      'alice:unknown→probation',
      'alice:probation→trusted',
      'bob:unknown→suspected',
    ]);
  });

  it('answers query-ref trust-query for one agent or all', async () => {
    const { system, report } = ledgerSystem();
    report('judge', 'alice', 'contract-delivered', 3);
    const me = system.endpoint('me');
    const one = me.request(
      { performative: 'query-ref', receiver: 'ledger', content: { kind: 'trust-query', subject: 'alice' } },
      100,
    );
    const all = me.request(
      { performative: 'query-ref', receiver: 'ledger', content: { kind: 'trust-query' } },
      100,
    );
    const stranger = me.request(
      { performative: 'query-ref', receiver: 'ledger', content: { kind: 'trust-query', subject: 'zed' } },
      100,
    );
    system.run();
    expect(((await one).content as TrustReport).entries).toEqual([
      expect.objectContaining({ subject: 'alice', standing: 'trusted' }),
    ]);
    expect(((await all).content as TrustReport).entries.map((e) => e.subject)).toEqual(['alice']);
    expect(((await stranger).content as TrustReport).entries[0]).toMatchObject({
      standing: 'unknown',
      score: 0.5,
    });
    const odd = me.request(
      { performative: 'query-ref', receiver: 'ledger', content: { kind: 'weather' } },
      100,
    );
    system.run();
    expect((await odd).performative).toBe('not-understood');
  });

  it('puts newly spawned agents on probation', () => {
    const { system, trust, ledger } = ledgerSystem();
    system.spawn(reputationLedger, { id: 'newcomer', input: { topic: null } });
    system.run();
    expect(trust('newcomer').standing).toBe('probation');
    expect(snapshotOf(ledger).context.records.ledger).toBeUndefined();
  });

  it('counts slander by a low-trust reporter for little', () => {
    const { report, trust } = ledgerSystem();
    report('judge', 'alice', 'contract-delivered', 6);
    const before = trust('alice').score;
    report('mallory', 'alice', 'contract-failed', 1); // mallory is unknown: weight 0.1, unvetted
    expect(before - trust('alice').score).toBeLessThan(0.02);
    report('judge', 'carol', 'contract-delivered', 6); // carol becomes trusted, so her word counts
    report('carol', 'alice', 'contract-failed', 1);
    expect(before - trust('alice').score).toBeGreaterThan(0.05);
  });

  it('ignores what an agent says about itself', () => {
    const { report, trust } = ledgerSystem();
    report('judge', 'alice', 'contract-delivered', 3);
    const before = trust('alice');
    report('alice', 'alice', 'contract-delivered', 50);
    expect(trust('alice').score).toBeCloseTo(before.score, 10);
  });

  it('a Sybil flood does not move a trusted agent’s standing, nor make a newcomer trusted', () => {
    const { report, trust, changes } = ledgerSystem();
    report('judge', 'alice', 'contract-delivered', 6);
    expect(trust('alice').standing).toBe('trusted');
    for (let i = 0; i < 1_000; i++) report(`sybil-${i}`, 'alice', 'contract-failed', 1);
    expect(trust('alice').standing).toBe('trusted');
    expect(trust('alice').score).toBeGreaterThan(0.75);
    expect(
      changes.filter((c) => c.subject === 'alice' && c.to !== 'trusted' && c.from === 'trusted'),
    ).toEqual([]);
    for (let i = 0; i < 1_000; i++) report(`sock-${i}`, 'newbie', 'contract-delivered', 1);
    expect(trust('newbie').standing).toBe('probation');
  });

  it('forgets: an agent that stops misbehaving drifts back towards the prior', () => {
    const { report, trust, clock, system } = ledgerSystem({
      forgettingFactor: 0.5,
      forgettingPeriod: 60_000,
      paroles: 0,
    });
    report('judge', 'bob', 'contract-failed', 4);
    const fresh = trust('bob');
    clock.advance(120_000);
    system.run();
    const later = trust('bob');
    expect(later.negative).toBeCloseTo(fresh.negative / 4);
    expect(later.score).toBeGreaterThan(fresh.score);
  });
});
