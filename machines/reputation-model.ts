/**
 * The beta-reputation model (Jøsang & Ismail, 2002) with a forgetting factor, as pure functions over a
 * small evidence record. Positive evidence r and negative evidence s give the expectation
 * (r + 1) / (r + s + 2): 0.5 with no evidence, towards 1 or 0 as evidence piles up. Evidence decays by
 * the forgetting factor λ per `forgettingPeriod`, so an old lapse weighs less than a new one.
 */
import type { Outcome, Standing, TrustView } from '../src/protocol/reputation-content.js';
import { ReputationPolicyError } from './trust-errors.js';

/** How much one outcome adds to the positive and the negative side. */
export interface Impact {
  readonly positive: number;
  readonly negative: number;
}

/** Every number the reputation machines use. Build one with {@link reputationPolicy}. */
export interface ReputationPolicy {
  /** A score at or above this, with enough evidence, makes an agent trusted. */
  readonly trustAbove: number;
  /** A score below this, with enough evidence, makes an agent suspected. */
  readonly suspectBelow: number;
  /** A suspected agent whose score falls below this, with enough evidence, is banned. */
  readonly banBelow: number;
  readonly minEvidenceToTrust: number;
  readonly minEvidenceToSuspect: number;
  readonly minEvidenceToBan: number;
  /** λ in (0, 1]: evidence keeps this share of its weight per `forgettingPeriod`. 1 never forgets. */
  readonly forgettingFactor: number;
  /** In ms. */
  readonly forgettingPeriod: number;
  /** How long a ban lasts before the agent may return on probation (ms). */
  readonly coolingOff: number;
  /** How many times a banned agent may return through probation; 0 makes a ban final. */
  readonly paroles: number;
  /** What each outcome is worth. */
  readonly impacts: Readonly<Record<Outcome, Impact>>;
  /**
   * How much a report counts, by the reporter's standing. A trusted reporter counts its own score;
   * these apply to the rest. Reports from reporters that are not trusted (or authorities) go to a
   * separate pool whose total is capped by `unvettedCap`, so a thousand fresh identities weigh no
   * more than that cap.
   */
  readonly reporterWeights: Readonly<Record<Exclude<Standing, 'trusted'>, number>>;
  /** The most evidence (positive + negative) the unvetted pool can add to one subject. */
  readonly unvettedCap: number;
  /**
   * Agents whose reports count in full: the protocol roles an operator runs (a round, a referee, an
   * initiator). An entry ending in `*` matches ids by prefix.
   */
  readonly authorities: readonly string[];
}

/** The defaults: trusted at 0.7 with 3 units of evidence, suspected below 0.4, banned below 0.2. */
export const DEFAULT_REPUTATION_POLICY: ReputationPolicy = {
  trustAbove: 0.7,
  suspectBelow: 0.4,
  banBelow: 0.2,
  minEvidenceToTrust: 3,
  minEvidenceToSuspect: 1,
  minEvidenceToBan: 3,
  forgettingFactor: 0.9,
  forgettingPeriod: 60_000,
  coolingOff: 300_000,
  paroles: 1,
  impacts: {
    'contract-delivered': { positive: 1, negative: 0 },
    'contract-late': { positive: 0.5, negative: 0.5 },
    'contract-failed': { positive: 0, negative: 1 },
    'proposal-broken': { positive: 0, negative: 1 },
    'vote-agreed': { positive: 0.5, negative: 0 },
    'vote-dissented': { positive: 0, negative: 1 },
    'vote-contradicted': { positive: 0, negative: 2 },
    'resource-shared': { positive: 1, negative: 0 },
    'resource-hoarded': { positive: 0, negative: 1 },
  },
  reporterWeights: { unknown: 0.1, probation: 0.1, suspected: 0.05, banned: 0 },
  unvettedCap: 1,
  authorities: [],
};

/**
 * A policy: the defaults with `overrides`, checked. Throws {@link ReputationPolicyError} naming the
 * first thing that cannot work.
 *
 * @example
 * const policy = reputationPolicy({ forgettingFactor: 1, authorities: ['round-*'] });
 */
export function reputationPolicy(overrides: Partial<ReputationPolicy> = {}): ReputationPolicy {
  const policy: ReputationPolicy = {
    ...DEFAULT_REPUTATION_POLICY,
    ...overrides,
    impacts: { ...DEFAULT_REPUTATION_POLICY.impacts, ...overrides.impacts },
    reporterWeights: { ...DEFAULT_REPUTATION_POLICY.reporterWeights, ...overrides.reporterWeights },
  };
  const problem = policyProblem(policy);
  if (problem !== undefined) throw new ReputationPolicyError(problem);
  return policy;
}

function policyProblem(p: ReputationPolicy): string | undefined {
  if (
    !(p.banBelow >= 0 && p.banBelow <= p.suspectBelow && p.suspectBelow < p.trustAbove && p.trustAbove <= 1)
  ) {
    return `thresholds must satisfy 0 ≤ banBelow (${p.banBelow}) ≤ suspectBelow (${p.suspectBelow}) < trustAbove (${p.trustAbove}) ≤ 1`;
  }
  if (!(p.forgettingFactor > 0 && p.forgettingFactor <= 1)) {
    return `forgettingFactor must be in (0, 1], not ${p.forgettingFactor}; use 1 to never forget`;
  }
  const numbers: Array<[string, number]> = [
    ['forgettingPeriod', p.forgettingPeriod],
    ['coolingOff', p.coolingOff],
    ['paroles', p.paroles],
    ['unvettedCap', p.unvettedCap],
    ['minEvidenceToTrust', p.minEvidenceToTrust],
    ['minEvidenceToSuspect', p.minEvidenceToSuspect],
    ['minEvidenceToBan', p.minEvidenceToBan],
    ...Object.entries(p.reporterWeights),
    ...Object.entries(p.impacts).flatMap(
      ([k, v]): Array<[string, number]> => [
        [`impacts.${k}.positive`, v.positive],
        [`impacts.${k}.negative`, v.negative],
      ],
    ),
  ];
  const bad = numbers.find(([, v]) => !(Number.isFinite(v) && v >= 0));
  if (bad !== undefined) return `${bad[0]} must be a finite number ≥ 0, not ${bad[1]}`;
  if (p.forgettingPeriod === 0) return 'forgettingPeriod must be > 0 ms';
  return undefined;
}

/**
 * Evidence about one subject at time `at`: vetted evidence (from authorities and trusted reporters) and
 * the unvetted pool (everyone else), each split into positive and negative.
 */
export interface EvidenceRecord {
  readonly positive: number;
  readonly negative: number;
  readonly unvettedPositive: number;
  readonly unvettedNegative: number;
  readonly at: number;
}

/**
 * A record with no evidence, as of `at`.
 *
 * @example
 * const record = emptyRecord(clock.now());
 */
export function emptyRecord(at: number): EvidenceRecord {
  return { positive: 0, negative: 0, unvettedPositive: 0, unvettedNegative: 0, at };
}

/**
 * The record as it stands at `now`: every amount multiplied by λ^((now − at) / period).
 *
 * @example
 * decay({ ...emptyRecord(0), positive: 10 }, 60_000, policy).positive // 9 with λ = 0.9 per minute
 */
export function decay(record: EvidenceRecord, now: number, policy: ReputationPolicy): EvidenceRecord {
  if (!(now > record.at) || policy.forgettingFactor === 1)
    return now > record.at ? { ...record, at: now } : record;
  const keep = policy.forgettingFactor ** ((now - record.at) / policy.forgettingPeriod);
  return {
    positive: record.positive * keep,
    negative: record.negative * keep,
    unvettedPositive: record.unvettedPositive * keep,
    unvettedNegative: record.unvettedNegative * keep,
    at: now,
  };
}

/**
 * Adds evidence at time `at` (decaying what was there first).
 *
 * @example
 * record = addEvidence(record, { positive: 1, negative: 0, vetted: true }, envelope.sentAt, policy);
 */
export function addEvidence(
  record: EvidenceRecord,
  evidence: { readonly positive: number; readonly negative: number; readonly vetted: boolean },
  at: number,
  policy: ReputationPolicy,
): EvidenceRecord {
  const now = decay(record, Math.max(at, record.at), policy);
  return evidence.vetted
    ? { ...now, positive: now.positive + evidence.positive, negative: now.negative + evidence.negative }
    : {
        ...now,
        unvettedPositive: now.unvettedPositive + evidence.positive,
        unvettedNegative: now.unvettedNegative + evidence.negative,
      };
}

/**
 * The evidence that counts: vetted plus the unvetted pool scaled down to at most `unvettedCap` in total.
 *
 * @example
 * const { positive, negative } = countedEvidence(record, policy);
 */
export function countedEvidence(
  record: EvidenceRecord,
  policy: ReputationPolicy,
): { readonly positive: number; readonly negative: number } {
  const pool = record.unvettedPositive + record.unvettedNegative;
  const scale = pool > policy.unvettedCap ? policy.unvettedCap / pool : 1;
  return {
    positive: record.positive + record.unvettedPositive * scale,
    negative: record.negative + record.unvettedNegative * scale,
  };
}

/**
 * The beta-reputation expectation (r + 1) / (r + s + 2) of the counted evidence.
 *
 * @example
 * betaScore({ positive: 8, negative: 0 }) // 0.9
 */
export function betaScore(evidence: { readonly positive: number; readonly negative: number }): number {
  return (evidence.positive + 1) / (evidence.positive + evidence.negative + 2);
}

/**
 * True when `id` is one of the policy's authorities (exact, or by a `prefix*` pattern).
 *
 * @example
 * isAuthority('round-7', reputationPolicy({ authorities: ['round-*'] })) // true
 */
export function isAuthority(id: string, policy: ReputationPolicy): boolean {
  return policy.authorities.some((a) => (a.endsWith('*') ? id.startsWith(a.slice(0, -1)) : a === id));
}

/**
 * How much a report by `reporter` counts and whether it is vetted. A report about oneself counts nothing.
 *
 * @example
 * reporterWeight('alice', 'bob', viewOfAlice, policy) // { weight: 0.9, vetted: true } if alice is trusted at 0.9
 */
export function reporterWeight(
  reporter: string,
  subject: string,
  reporterView: Pick<TrustView, 'standing' | 'score'> | undefined,
  policy: ReputationPolicy,
): { readonly weight: number; readonly vetted: boolean } {
  if (reporter === subject) return { weight: 0, vetted: false };
  if (isAuthority(reporter, policy)) return { weight: 1, vetted: true };
  const standing = reporterView?.standing ?? 'unknown';
  if (standing === 'trusted') return { weight: reporterView?.score ?? 0, vetted: true };
  return { weight: policy.reporterWeights[standing], vetted: false };
}

/**
 * The weight an agent of this standing and score carries as a reporter (what {@link reporterWeight}
 * gives a non-authority).
 *
 * @example
 * weightAsReporter('probation', 0.5, policy) // 0.1
 */
export function weightAsReporter(standing: Standing, score: number, policy: ReputationPolicy): number {
  return standing === 'trusted' ? score : policy.reporterWeights[standing];
}
