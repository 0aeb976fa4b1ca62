import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Ballot,
  byzantineQuorumSize,
  ConsensusConfigError,
  checkRuleSpec,
  type RuleSpec,
  type Tally,
  tally,
  type VoteValue,
} from '../../src/index.js';

const votes = (entries: Record<string, VoteValue>): Ballot[] =>
  Object.entries(entries).map(([voter, value]) => ({ voter, value }));

describe('consensus rules', () => {
  it('majority needs more than half of the valid votes and a quorum; a tie decides nothing', () => {
    const voters = ['a', 'b', 'c', 'd'];
    expect(tally({ rule: 'majority' }, { voters, votes: votes({ a: 'x', b: 'x', c: 'y' }) })).toMatchObject({
      decided: true,
      value: 'x',
      dissenters: ['c'],
      confidence: 0.5,
    });
    expect(tally({ rule: 'majority' }, { voters, votes: votes({ a: 'x', b: 'y' }) })).toMatchObject({
      decided: false,
      reason: expect.stringMatching(/quorum is 3/),
    });
    expect(
      tally({ rule: 'majority' }, { voters, votes: votes({ a: 'x', b: 'y', c: 'x', d: 'y' }) }),
    ).toMatchObject({
      decided: false,
      reason: expect.stringMatching(/tie/),
    });
  });

  it('super-majority needs its threshold of the valid votes', () => {
    const voters = ['a', 'b', 'c'];
    const input = { voters, votes: votes({ a: 'x', b: 'x', c: 'y' }) };
    expect(tally({ rule: 'super-majority' }, input).decided).toBe(true);
    expect(tally({ rule: 'super-majority', threshold: 0.75 }, input).decided).toBe(false);
  });

  it('weighted votes weigh stake × confidence', () => {
    const voters = ['whale', 'a', 'b'];
    const input = {
      voters,
      votes: [
        { voter: 'whale', value: 'no' },
        { voter: 'a', value: 'yes' },
        { voter: 'b', value: 'yes', confidence: 0.5 },
      ],
      weights: { whale: 10, a: 1, b: 1 },
    };
    expect(tally({ rule: 'weighted' }, input)).toMatchObject({
      decided: true,
      value: 'no',
      dissenters: ['a', 'b'],
    });
    expect(tally({ rule: 'weighted' }, { ...input, weights: { whale: 1, a: 1, b: 1 } })).toMatchObject({
      value: 'yes',
    });
  });

  it('a vote outside the options, or a non-finite number, is invalid and counts for nothing', () => {
    const result = tally(
      { rule: 'majority' },
      {
        voters: ['a', 'b', 'c'],
        votes: votes({ a: 'red', b: 'red', c: 'purple' }),
        options: ['red', 'blue'],
      },
    );
    expect(result).toMatchObject({ decided: true, invalid: ['c'], dissenters: ['c'] });
    expect(tally({ rule: 'majority' }, { voters: ['a'], votes: votes({ a: Number.NaN }) }).decided).toBe(
      false,
    );
  });

  it('the median ignores non-finite and out-of-range readings; the naive mean would not', () => {
    const input = {
      voters: ['s1', 's2', 's3', 's4', 's5'],
      votes: votes({ s1: 18, s2: 22, s3: 20, s4: -273.15, s5: Infinity }),
    };
    const median = tally({ rule: 'median', min: -50, max: 60 }, input);
    expect(median).toMatchObject({
      decided: true,
      value: 20,
      invalid: ['s4', 's5'],
      dissenters: ['s4', 's5'],
    });
    expect(median.decided && median.confidence).toBe(0.6);
    expect(tally({ rule: 'trimmed-mean', min: -50, max: 60 }, input)).toMatchObject({ value: 20 });
  });

  it('a Byzantine quorum refuses n < 3f + 1 and otherwise needs ⌈(n + f + 1) / 2⌉ matching votes', () => {
    expect(byzantineQuorumSize(4, 1)).toBe(3);
    expect(byzantineQuorumSize(7, 2)).toBe(5);
    expect(byzantineQuorumSize(10, 1)).toBe(6);
    const refused = tally(
      { rule: 'byzantine', f: 1 },
      { voters: ['a', 'b', 'c'], votes: votes({ a: 'x', b: 'x', c: 'x' }) },
    );
    expect(refused).toMatchObject({
      decided: false,
      reason: expect.stringMatching(/needs at least 3f \+ 1 = 4 voters; there are 3/),
    });
    const four = ['a', 'b', 'c', 'd'];
    expect(
      tally({ rule: 'byzantine', f: 1 }, { voters: four, votes: votes({ a: 'x', b: 'x', c: 'x', d: 'y' }) }),
    ).toMatchObject({
      decided: true,
      value: 'x',
      dissenters: ['d'],
    });
    expect(
      tally({ rule: 'byzantine', f: 1 }, { voters: four, votes: votes({ a: 'x', b: 'x', d: 'y' }) }).decided,
    ).toBe(false);
  });

  it('an unknown rule is a refusal in a tally and a typed error up front', () => {
    expect(tally({ rule: 'plurality' }, { voters: ['a'], votes: [] })).toMatchObject({
      decided: false,
      reason: /no rule named 'plurality'/,
    });
    expect(() => checkRuleSpec({ rule: 'plurality' })).toThrow(ConsensusConfigError);
  });
});

/** Arbitrary values a liar can send: anything a vote can carry, including NaN and ±Infinity. */
const anyVote: fc.Arbitrary<VoteValue> = fc.oneof(
  fc.constantFrom<VoteValue>('a', 'b', 'c', null, true, Number.NaN, Infinity, -Infinity),
  fc.string({ maxLength: 3 }),
  fc.double(),
);

const decidedValue = (t: Tally): string | undefined =>
  t.decided ? `${typeof t.value}:${String(t.value)}` : undefined;

describe('consensus properties', () => {
  it('with f < n/3 Byzantine voters sending arbitrary (even different) votes to each honest agent, honest agents never decide differently', () => {
    let decidedViews = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 13 }).chain((n) => {
          const f = Math.floor((n - 1) / 3);
          return fc.record({
            n: fc.constant(n),
            f: fc.constant(f),
            liars: fc.integer({ min: 0, max: f }),
            // honest voters often agree (so quorums form) and sometimes split
            honest: fc.oneof(
              fc.constantFrom('a', 'b').map((v) => Array.from({ length: n }, () => v)),
              fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: n, maxLength: n }),
            ),
            // per observer: each liar's vote (or silence), and which honest votes got lost on the way
            views: fc.array(
              fc.record({
                lies: fc.array(fc.option(anyVote, { nil: undefined }), { minLength: f, maxLength: f }),
                lost: fc.array(
                  fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
                  { minLength: n, maxLength: n },
                ),
              }),
              { minLength: 2, maxLength: 4 },
            ),
          });
        }),
        ({ n, f, liars, honest, views }) => {
          const voters = Array.from({ length: n }, (_, i) => `v${i}`);
          const decisions = views.map((view) => {
            const seen: Ballot[] = [];
            voters.forEach((voter, i) => {
              if (i < liars) {
                const lie = view.lies[i];
                if (lie !== undefined) seen.push({ voter, value: lie });
              } else if (!view.lost[i]) seen.push({ voter, value: honest[i]! });
            });
            return decidedValue(tally({ rule: 'byzantine', f }, { voters, votes: seen }));
          });
          const decided = new Set(decisions.filter((d) => d !== undefined));
          decidedViews += decisions.filter((d) => d !== undefined).length;
          expect(decided.size).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 400 },
    );
    expect(decidedViews).toBeGreaterThan(100); // the property was not vacuous
  });

  it('robust numeric results stay within the range of honest values when f < n/3 voters send anything', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }).chain((n) => {
          const f = Math.floor((n - 1) / 3);
          return fc.record({
            n: fc.constant(n),
            f: fc.constant(f),
            liars: fc.integer({ min: 0, max: f }),
            honest: fc.array(fc.double({ min: -40, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
            lies: fc.array(
              fc.oneof(fc.double(), fc.double({ min: -50, max: 60 }), fc.constantFrom(-50, 60)),
              {
                minLength: f,
                maxLength: f,
              },
            ),
            rule: fc.constantFrom<'median' | 'trimmed-mean'>('median', 'trimmed-mean'),
          });
        }),
        ({ n, f, liars, honest, lies, rule }) => {
          const voters = Array.from({ length: n }, (_, i) => `v${i}`);
          const cast: Ballot[] = voters.map((voter, i) => ({
            voter,
            value: i < liars ? lies[i]! : honest[i]!,
          }));
          const spec: RuleSpec =
            rule === 'median' ? { rule, min: -50, max: 60 } : { rule, min: -50, max: 60, f };
          const result = tally(spec, { voters, votes: cast });
          const honestValues = honest.slice(liars);
          expect(result.decided).toBe(true);
          if (!result.decided) return;
          expect(result.value as number).toBeGreaterThanOrEqual(Math.min(...honestValues) - 1e-9);
          expect(result.value as number).toBeLessThanOrEqual(Math.max(...honestValues) + 1e-9);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('abstentions never count as votes: a tally is the same with or without abstainers listed, and never names them', () => {
    const specs: RuleSpec[] = [
      { rule: 'majority', quorum: 1 },
      { rule: 'super-majority', quorum: 1 },
      { rule: 'weighted', quorum: 1 },
      { rule: 'median', quorum: 1 },
      { rule: 'trimmed-mean', quorum: 1 },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom<VoteValue>('x', 'y'), fc.integer({ min: 0, max: 9 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...specs),
        (values, abstaining, spec) => {
          const cast = values.map((value, i) => ({ voter: `v${i}`, value }));
          const abstainers = Array.from({ length: abstaining }, (_, i) => `quiet${i}`);
          const without = tally(spec, { voters: cast.map((c) => c.voter), votes: cast });
          const withThem = tally(spec, { voters: [...cast.map((c) => c.voter), ...abstainers], votes: cast });
          expect(decidedValue(withThem)).toBe(decidedValue(without));
          const named = withThem.decided
            ? [...withThem.supporters, ...withThem.dissenters, ...withThem.invalid]
            : [...withThem.invalid];
          expect(named.filter((v) => v.startsWith('quiet'))).toEqual([]);
          if (withThem.decided)
            expect(withThem.supporters.length + withThem.dissenters.length).toBe(cast.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});
