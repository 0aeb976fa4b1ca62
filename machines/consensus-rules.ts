/**
 * Consensus rules as pure functions: each takes the votes cast and the eligible voters and says what was
 * decided, how confidently, and who dissented — or why nothing was. A voter that did not vote is an
 * abstainer and never counts as a vote: it is in `voters` but not in `votes`.
 */
import type { VoteValue } from '../src/protocol/consensus-content.js';
import { ConsensusConfigError } from './trust-errors.js';

/** One vote as a rule sees it. */
export interface Ballot {
  readonly voter: string;
  readonly value: VoteValue;
  /** The voter's own confidence in [0, 1]; weighted rules multiply it in. */
  readonly confidence?: number;
}

/** What a rule tallies. */
export interface TallyInput {
  /** Every eligible voter. */
  readonly voters: readonly string[];
  /** The votes cast, at most one per voter. */
  readonly votes: readonly Ballot[];
  /** Weight per voter (stake or reputation); missing voters weigh 1. */
  readonly weights?: Readonly<Record<string, number>>;
  /** When given, a vote for anything else is invalid. */
  readonly options?: readonly VoteValue[];
}

/** A rule's verdict. */
export type Tally =
  | {
      readonly decided: true;
      readonly value: VoteValue;
      /** In [0, 1]: the share of eligible voters (or weight) behind the decision. */
      readonly confidence: number;
      readonly supporters: readonly string[];
      /** Voters against the decision, including those whose vote was invalid. */
      readonly dissenters: readonly string[];
      readonly invalid: readonly string[];
    }
  | {
      readonly decided: false;
      readonly reason: string;
      readonly invalid: readonly string[];
    };

/** Fields every rule takes: the fewest valid votes it will decide on (default: more than half the voters). */
export interface QuorumSpec {
  readonly quorum?: number;
}
/** The value with more than half of the valid votes. */
export interface MajoritySpec extends QuorumSpec {
  readonly rule: 'majority';
}
/** The value with at least `threshold` (default 2/3) of the valid votes. */
export interface SuperMajoritySpec extends QuorumSpec {
  readonly rule: 'super-majority';
  readonly threshold?: number;
}
/**
 * The value with more than `threshold` (default 1/2) of the weight cast; a vote weighs its voter's weight
 * times its confidence. `by: 'reputation'` makes a round take the weights from the ledger's scores.
 */
export interface WeightedSpec extends QuorumSpec {
  readonly rule: 'weighted';
  readonly by?: 'stake' | 'reputation';
  readonly threshold?: number;
}
/** Numeric rules: votes outside [min, max] or not finite are invalid; `tolerance` marks dissent. */
export interface NumericSpec extends QuorumSpec {
  readonly min?: number;
  readonly max?: number;
  /** A valid vote farther than this from the decision dissents. Default 3 × 1.4826 × MAD of the valid votes. */
  readonly tolerance?: number;
}
/** The median of the valid votes. */
export interface MedianSpec extends NumericSpec {
  readonly rule: 'median';
}
/** The mean of the valid votes after dropping max(⌈trim·m⌉, f) from each end (m valid votes). */
export interface TrimmedMeanSpec extends NumericSpec {
  readonly rule: 'trimmed-mean';
  /** Share to drop at each end, default 0.2. */
  readonly trim?: number;
  /** At least this many dropped at each end: the number of liars to tolerate. */
  readonly f?: number;
}
/**
 * Byzantine quorum: tolerates `f` voters that lie arbitrarily. Needs n ≥ 3f + 1 voters (else it refuses)
 * and ⌈(n + f + 1) / 2⌉ matching votes — 2f + 1 when n = 3f + 1 — so any two quorums share an honest voter.
 */
export interface ByzantineSpec {
  readonly rule: 'byzantine';
  readonly f: number;
}
/** A rule you registered yourself, with whatever parameters it reads. */
export interface CustomRuleSpec {
  readonly rule: string;
  readonly [parameter: string]: unknown;
}

export type BuiltinRuleSpec =
  | MajoritySpec
  | SuperMajoritySpec
  | WeightedSpec
  | MedianSpec
  | TrimmedMeanSpec
  | ByzantineSpec;
export type RuleSpec = BuiltinRuleSpec | CustomRuleSpec;

/**
 * A consensus rule. Implement `tally`; add `refuses` when some sets of voters can never give a sound
 * decision (the round then refuses before sending a ballot), and `needsTrust` when it weighs by reputation.
 *
 * @example
 * const unanimity: ConsensusRule = { tally: (input) => { ... } };
 * const round = consensusRoundWith({ unanimity });
 */
export interface ConsensusRule<S extends RuleSpec = RuleSpec> {
  tally(input: TallyInput, spec: S): Tally;
  refuses?(voters: readonly string[], spec: S): string | undefined;
  needsTrust?(spec: S): boolean;
  /** The numeric range to print on ballots, if the rule has one. */
  range?(spec: S): { readonly min?: number; readonly max?: number };
}

/** Rules by name. */
export type RuleSet = Readonly<Record<string, ConsensusRule>>;

const keyOf = (value: VoteValue): string => `${typeof value}:${String(value)}`;

const isChoice = (value: VoteValue, options: readonly VoteValue[] | undefined): boolean =>
  (typeof value !== 'number' || Number.isFinite(value)) &&
  (options === undefined || options.some((o) => keyOf(o) === keyOf(value)));

const defaultQuorum = (voters: number): number => Math.floor(voters / 2) + 1;

interface Group {
  readonly value: VoteValue;
  readonly voters: string[];
  weight: number;
}

/** Groups valid votes by value; weights are voter weight × confidence. */
function groupVotes(input: TallyInput): {
  readonly groups: Group[];
  readonly invalid: string[];
  readonly cast: number;
  readonly castWeight: number;
} {
  const groups = new Map<string, Group>();
  const invalid: string[] = [];
  let cast = 0;
  let castWeight = 0;
  for (const vote of input.votes) {
    if (!isChoice(vote.value, input.options)) {
      invalid.push(vote.voter);
      continue;
    }
    const weight = (input.weights?.[vote.voter] ?? 1) * (vote.confidence ?? 1);
    const key = keyOf(vote.value);
    const group = groups.get(key) ?? { value: vote.value, voters: [], weight: 0 };
    group.voters.push(vote.voter);
    group.weight += weight;
    groups.set(key, group);
    cast++;
    castWeight += weight;
  }
  return { groups: [...groups.values()], invalid, cast, castWeight };
}

function quorumProblem(cast: number, voters: number, quorum: number | undefined): string | undefined {
  const needed = quorum ?? defaultQuorum(voters);
  return cast < needed
    ? `only ${cast} valid vote(s) from ${voters} voter(s); the quorum is ${needed}`
    : undefined;
}

function decided(
  input: TallyInput,
  winner: Group,
  invalid: readonly string[],
  confidence: number,
): Tally & { decided: true } {
  const supporters = new Set(winner.voters);
  const voted = input.votes.map((v) => v.voter);
  return {
    decided: true,
    value: winner.value,
    confidence: Math.max(0, Math.min(1, confidence)),
    supporters: winner.voters,
    dissenters: voted.filter((v) => !supporters.has(v)),
    invalid,
  };
}

/** The top group by `measure`, or why there is no single one. */
function top(groups: readonly Group[], measure: (g: Group) => number): Group | string {
  if (groups.length === 0) return 'no valid votes';
  const sorted = [...groups].sort((a, b) => measure(b) - measure(a));
  const [first, second] = sorted;
  if (second !== undefined && measure(second) === measure(first!)) {
    return `a tie between ${String(first!.value)} and ${String(second.value)}`;
  }
  return first!;
}

function shareRule(
  defaultThreshold: number,
  strict: boolean,
): ConsensusRule<MajoritySpec | SuperMajoritySpec> {
  return {
    tally(input, spec) {
      const threshold =
        'threshold' in spec && spec.threshold !== undefined ? spec.threshold : defaultThreshold;
      const { groups, invalid, cast } = groupVotes(input);
      const short = quorumProblem(cast, input.voters.length, spec.quorum);
      if (short !== undefined) return { decided: false, reason: short, invalid };
      const winner = top(groups, (g) => g.voters.length);
      if (typeof winner === 'string') return { decided: false, reason: winner, invalid };
      const share = winner.voters.length / cast;
      if (strict ? share <= threshold : share < threshold) {
        const needs = `${strict ? 'more than' : 'at least'} ${(threshold * 100).toFixed(0)}%`;
        return {
          decided: false,
          reason: `${String(winner.value)} has ${winner.voters.length} of ${cast} valid votes; the rule needs ${needs}`,
          invalid,
        };
      }
      return decided(input, winner, invalid, winner.voters.length / input.voters.length);
    },
  };
}

/**
 * More than half of the valid votes (abstentions are not votes), with a quorum.
 *
 * @example
 * majority.tally({ voters: ['a', 'b', 'c'], votes: [{ voter: 'a', value: 'x' }, { voter: 'b', value: 'x' }] }, { rule: 'majority' })
 */
export const majority: ConsensusRule<MajoritySpec> = shareRule(0.5, true);

/**
 * At least `threshold` (default 2/3) of the valid votes.
 *
 * @example
 * superMajority.tally(input, { rule: 'super-majority', threshold: 0.75 })
 */
export const superMajority: ConsensusRule<SuperMajoritySpec> = shareRule(2 / 3, false);

/**
 * More than `threshold` of the weight cast, each vote weighing its voter's weight × its confidence.
 *
 * @example
 * weighted.tally({ ...input, weights: { a: 0.9, b: 0.2 } }, { rule: 'weighted' })
 */
export const weighted: ConsensusRule<WeightedSpec> = {
  needsTrust: (spec) => spec.by === 'reputation',
  tally(input, spec) {
    const threshold = spec.threshold ?? 0.5;
    const { groups, invalid, cast, castWeight } = groupVotes(input);
    const short = quorumProblem(cast, input.voters.length, spec.quorum);
    if (short !== undefined) return { decided: false, reason: short, invalid };
    const winner = top(groups, (g) => g.weight);
    if (typeof winner === 'string') return { decided: false, reason: winner, invalid };
    if (!(castWeight > 0) || winner.weight / castWeight <= threshold) {
      const share = castWeight > 0 ? ((winner.weight / castWeight) * 100).toFixed(1) : '0';
      return {
        decided: false,
        reason: `${String(winner.value)} carries ${share}% of the weight cast; the rule needs more than ${(threshold * 100).toFixed(0)}%`,
        invalid,
      };
    }
    const eligible = input.voters.reduce((sum, v) => sum + (input.weights?.[v] ?? 1), 0);
    return decided(input, winner, invalid, eligible > 0 ? winner.weight / eligible : 0);
  },
};

/**
 * Byzantine quorum: with n ≥ 3f + 1 voters, a value needs ⌈(n + f + 1) / 2⌉ matching votes (2f + 1 at
 * n = 3f + 1). With fewer voters it refuses, saying why.
 *
 * @example
 * byzantineQuorum.refuses(['a', 'b', 'c'], { rule: 'byzantine', f: 1 }) // 'needs at least 4 voters …'
 */
export const byzantineQuorum: ConsensusRule<ByzantineSpec> = {
  refuses(voters, spec) {
    const f = spec.f;
    if (!(Number.isInteger(f) && f >= 0)) return `f must be a whole number ≥ 0, not ${String(f)}`;
    const needed = 3 * f + 1;
    return voters.length < needed
      ? `a Byzantine quorum tolerating f = ${f} liar(s) needs at least 3f + 1 = ${needed} voters; there are ${voters.length}, so no decision would be safe`
      : undefined;
  },
  tally(input, spec) {
    const n = input.voters.length;
    const refusal = byzantineQuorum.refuses?.(input.voters, spec);
    const { groups, invalid } = groupVotes(input);
    if (refusal !== undefined) return { decided: false, reason: refusal, invalid };
    const needed = byzantineQuorumSize(n, spec.f);
    const best = [...groups].sort((a, b) => b.voters.length - a.voters.length)[0];
    if (best === undefined || best.voters.length < needed) {
      return {
        decided: false,
        reason: `no value has the ${needed} matching votes a Byzantine quorum of ${n} needs (best: ${best?.voters.length ?? 0})`,
        invalid,
      };
    }
    return decided(input, best, invalid, best.voters.length / n);
  },
};

/**
 * The matching votes a Byzantine quorum of `n` voters tolerating `f` liars needs.
 *
 * @example
 * byzantineQuorumSize(4, 1) // 3
 */
export function byzantineQuorumSize(n: number, f: number): number {
  return Math.max(2 * f + 1, Math.ceil((n + f + 1) / 2));
}

/**
 * The valid numbers among the votes: finite and within [min, max].
 *
 * @example
 * validNumbers([{ voter: 'a', value: Infinity }, { voter: 'b', value: 20 }], {}) // { valid: [{ voter: 'b', value: 20 }], invalid: ['a'] }
 */
export function validNumbers(
  votes: readonly Ballot[],
  range: { readonly min?: number; readonly max?: number },
): { readonly valid: Array<{ voter: string; value: number }>; readonly invalid: string[] } {
  const min = range.min ?? Number.NEGATIVE_INFINITY;
  const max = range.max ?? Number.POSITIVE_INFINITY;
  const valid: Array<{ voter: string; value: number }> = [];
  const invalid: string[] = [];
  for (const vote of votes) {
    const v = vote.value;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)
      valid.push({ voter: vote.voter, value: v });
    else invalid.push(vote.voter);
  }
  return { valid, invalid };
}

/**
 * The median of a non-empty list of numbers (mean of the middle two for an even count).
 *
 * @example
 * median([18, 22, 20]) // 20
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The mean after dropping `k` values from each end (fewer if that would leave nothing).
 *
 * @example
 * trimmedMean([1, 2, 3, 100], 1) // 2.5
 */
export function trimmedMean(values: readonly number[], k: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const drop = 2 * k >= sorted.length ? Math.floor((sorted.length - 1) / 2) : k;
  const kept = sorted.slice(drop, sorted.length - drop);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

function numericRule<S extends MedianSpec | TrimmedMeanSpec>(
  aggregate: (values: readonly number[], spec: S) => number,
): ConsensusRule<S> {
  return {
    range: (spec) => ({ min: spec.min, max: spec.max }),
    tally(input, spec) {
      const { valid, invalid } = validNumbers(input.votes, spec);
      const short = quorumProblem(valid.length, input.voters.length, spec.quorum);
      if (short !== undefined) return { decided: false, reason: short, invalid };
      const values = valid.map((v) => v.value);
      const value = aggregate(values, spec);
      const center = median(values);
      const mad = median(values.map((v) => Math.abs(v - center)));
      const tolerance = spec.tolerance ?? Math.max(3 * 1.4826 * mad, 1e-9 * Math.max(1, Math.abs(value)));
      const supporters = valid.filter((v) => Math.abs(v.value - value) <= tolerance).map((v) => v.voter);
      const group: Group = { value, voters: supporters, weight: supporters.length };
      return decided(input, group, invalid, supporters.length / input.voters.length);
    },
  };
}

/**
 * The median of the valid numeric votes; non-finite and out-of-range votes are invalid, never counted.
 *
 * @example
 * medianRule.tally({ voters, votes }, { rule: 'median', min: -50, max: 60 })
 */
export const medianRule: ConsensusRule<MedianSpec> = numericRule((values) => median(values));

/**
 * The trimmed mean of the valid numeric votes.
 *
 * @example
 * trimmedMeanRule.tally({ voters, votes }, { rule: 'trimmed-mean', trim: 0.25, min: -50, max: 60 })
 */
export const trimmedMeanRule: ConsensusRule<TrimmedMeanSpec> = numericRule((values, spec) =>
  trimmedMean(values, Math.max(Math.ceil((spec.trim ?? 0.2) * values.length), spec.f ?? 0)),
);

/** The rules every round knows. */
export const builtinRules: RuleSet = {
  majority: majority as ConsensusRule,
  'super-majority': superMajority as ConsensusRule,
  weighted: weighted as ConsensusRule,
  median: medianRule as ConsensusRule,
  'trimmed-mean': trimmedMeanRule as ConsensusRule,
  byzantine: byzantineQuorum as ConsensusRule,
};

/**
 * Why a rule cannot run with these voters, or `undefined`: an unknown rule name, or the rule's own refusal.
 *
 * @example
 * ruleRefusal({ rule: 'byzantine', f: 1 }, ['a', 'b', 'c'], builtinRules) // '… needs at least 4 voters …'
 */
export function ruleRefusal(spec: RuleSpec, voters: readonly string[], rules: RuleSet): string | undefined {
  const rule = rules[spec.rule];
  if (rule === undefined) return `no rule named '${spec.rule}'; known: ${Object.keys(rules).join(', ')}`;
  if (voters.length === 0) return 'a round needs at least one voter';
  return rule.refuses?.(voters, spec);
}

/**
 * Tallies with the named rule. An unknown rule is a no-decision, not an exception.
 *
 * @example
 * const result = tally({ rule: 'median', min: -50, max: 60 }, { voters, votes });
 */
export function tally(spec: RuleSpec, input: TallyInput, rules: RuleSet = builtinRules): Tally {
  const refusal = ruleRefusal(spec, input.voters, rules);
  if (refusal !== undefined) return { decided: false, reason: refusal, invalid: [] };
  return rules[spec.rule]!.tally(input, spec);
}

/**
 * Throws {@link ConsensusConfigError} if `spec` names no known rule: check before spawning a round.
 *
 * @example
 * checkRuleSpec({ rule: 'median', min: -50, max: 60 });
 */
export function checkRuleSpec(spec: RuleSpec, rules: RuleSet = builtinRules): void {
  if (rules[spec.rule] === undefined) {
    throw new ConsensusConfigError(`no rule named '${spec.rule}'; known: ${Object.keys(rules).join(', ')}`);
  }
}
