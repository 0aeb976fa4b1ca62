import { describe, expect, it } from 'vitest';
import {
  type ConsensusRoundConfig,
  type ConsensusRule,
  consensusRound,
  consensusRoundWith,
  consensusVoter,
  createSystem,
  type DecisionContent,
  type Envelope,
  type EscalationContent,
  faultyVoter,
  reputationLedger,
  snapshotOf,
  trustIn,
  VirtualClock,
  type VoteValue,
} from '../../src/index.js';

/** A system with voters (value, latency), an operator endpoint that hears decisions and escalations. */
function roundSystem(voters: Record<string, { value: VoteValue; latency?: number }>) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 5 });
  for (const [id, input] of Object.entries(voters)) system.spawn(consensusVoter, { id, input });
  const operator = system.endpoint('operator');
  const heard: Envelope[] = [];
  operator.inbox$.subscribe((e) => heard.push(e));
  const ballots: Envelope[] = [];
  system.bus.delivered$.subscribe(({ envelope }) => {
    if (envelope.content.kind === 'ballot') ballots.push(envelope);
  });
  const start = (
    config: Partial<ConsensusRoundConfig> & Pick<ConsensusRoundConfig, 'rule'>,
    id = 'round-1',
  ) =>
    system.spawn(consensusRound, {
      id,
      input: {
        question: 'q',
        voters: Object.keys(voters),
        reportTo: ['operator'],
        escalateTo: 'operator',
        ...config,
      },
    });
  const decision = () =>
    heard.find((e) => e.content.kind === 'decision')?.content as DecisionContent | undefined;
  return { system, clock, heard, ballots, start, decision };
}

describe('consensus round', () => {
  it('decides, and says with what confidence and against whom', () => {
    const { system, start, decision } = roundSystem({
      a: { value: 'x' },
      b: { value: 'x' },
      c: { value: 'y' },
    });
    const round = start({ rule: { rule: 'majority' } });
    system.run();
    expect(decision()).toMatchObject({
      status: 'decided',
      value: 'x',
      dissenters: ['c'],
      abstainers: [],
      attempts: 1,
    });
    expect(decision()?.confidence).toBeCloseTo(2 / 3);
    expect(round.status).toBe('done');
    expect(snapshotOf(round).value).toBe('decided');
  });

  it('a voter that misses the deadline abstains and its late vote is not counted', () => {
    const { system, clock, start, decision } = roundSystem({
      a: { value: 'x' },
      b: { value: 'x' },
      slow: { value: 'y', latency: 1_500 },
    });
    start({ rule: { rule: 'majority' }, deadline: 1_000 });
    system.run();
    expect(decision()).toMatchObject({ status: 'decided', value: 'x', abstainers: ['slow'], dissenters: [] });
    expect(clock.now()).toBe(1_500); // the late vote went out after the round had closed
  });

  it('without a quorum it retries, then escalates to the operator, saying why', () => {
    const { system, heard, ballots, start, decision } = roundSystem({
      a: { value: 'x' },
      b: { value: 'y' },
      c: { value: 'z' },
    });
    const round = start({ rule: { rule: 'majority' }, attempts: 2, retryAfter: 100 });
    system.run();
    expect(ballots).toHaveLength(6);
    expect(decision()).toMatchObject({ status: 'escalated', attempts: 2 });
    const escalation = heard.find((e) => e.performative === 'request')?.content as EscalationContent;
    expect(escalation).toMatchObject({ kind: 'escalation', ref: 'round-1' });
    expect(escalation.reason).toMatch(/could not decide after 2 attempt\(s\): a tie between x and y/);
    expect(snapshotOf(round).value).toBe('escalated');
  });

  it('a Byzantine round with n < 3f + 1 refuses before sending a single ballot', () => {
    const { system, ballots, start, decision } = roundSystem({
      a: { value: 'x' },
      b: { value: 'x' },
      c: { value: 'x' },
    });
    start({ rule: { rule: 'byzantine', f: 1 } });
    system.run();
    expect(ballots).toHaveLength(0);
    expect(decision()).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/3f \+ 1 = 4 voters; there are 3/),
    });
  });

  it('ignores votes from strangers, second votes, and votes for another attempt', () => {
    const { system, start, decision } = roundSystem({ a: { value: 'x' }, b: { value: 'y' } });
    start({ rule: { rule: 'majority', quorum: 1 }, deadline: 1_000 });
    const mallory = system.endpoint('mallory');
    const vote = (attempt: number) => ({ kind: 'vote', roundId: 'round-1', attempt, value: 'y' });
    mallory.send({ performative: 'inform', receiver: 'round-1', content: vote(1) });
    mallory.send({ performative: 'inform', receiver: 'round-1', content: vote(1) });
    system.run();
    expect(decision()).toMatchObject({ status: 'escalated' }); // x vs y is a tie; mallory changed nothing
  });

  it('weighs votes by reputation when asked: a banned voter counts for nothing', () => {
    const { system, start, decision } = roundSystem({
      a: { value: 'x' },
      b: { value: 'x' },
      villain: { value: 'y' },
    });
    system.spawn(reputationLedger, {
      id: 'ledger',
      input: { topic: null, policy: { authorities: ['judge'], paroles: 0 } },
    });
    const judge = system.endpoint('judge');
    const evidence = (subject: string, outcome: string, times: number) => {
      for (let i = 0; i < times; i++)
        judge.send({
          performative: 'inform',
          receiver: 'ledger',
          content: { kind: 'evidence', subject, outcome },
        });
    };
    evidence('a', 'contract-failed', 1); // a: suspected, weight halved
    evidence('villain', 'contract-failed', 6); // villain: banned
    evidence('b', 'contract-delivered', 1);
    system.run();
    start({ rule: { rule: 'weighted', by: 'reputation' }, ledger: 'ledger', options: ['x', 'y'] });
    system.run();
    expect(decision()).toMatchObject({ status: 'decided', value: 'x', dissenters: ['villain'] });
  });

  it('with reveal on, a voter whose vote contradicts what it reveals is reported to the ledger', () => {
    const clock = new VirtualClock();
    const system = createSystem({ clock, seed: 1 });
    const outcomes: string[] = [];
    system.bus.delivered$.subscribe(({ envelope }) => {
      const c = envelope.content as { kind: string; subject?: string; outcome?: string };
      if (c.kind === 'evidence') outcomes.push(`${c.subject}:${c.outcome}`);
    });
    const ledger = system.spawn(reputationLedger, {
      id: 'ledger',
      input: { topic: null, policy: { authorities: ['round-*'], paroles: 0 } },
    });
    for (const id of ['a', 'b', 'c']) system.spawn(consensusVoter, { id, input: { value: 'green' } });
    system.spawn(faultyVoter, { id: 'liar', input: { truth: 'green', fault: 'lie', lie: 'red' } });
    system.spawn(consensusRound, {
      id: 'round-1',
      input: {
        question: 'colour',
        voters: ['a', 'b', 'c', 'liar'],
        rule: { rule: 'byzantine', f: 1 },
        reveal: true,
        ledger: 'ledger',
        reportTo: [],
      },
    });
    system.run();
    expect(outcomes).toContain('liar:vote-contradicted');
    expect(outcomes).toContain('liar:vote-dissented');
    expect(outcomes.filter((o) => o.startsWith('a:'))).toEqual(['a:vote-agreed']);
    expect(trustIn(snapshotOf(ledger).context, 'liar', clock.now())).toMatchObject({
      standing: 'suspected',
      negative: 3,
    });
  });

  it('takes a custom rule plugged in with consensusRoundWith', () => {
    const unanimity: ConsensusRule = {
      tally: ({ voters, votes }) => {
        const values = new Set(votes.map((v) => String(v.value)));
        return votes.length === voters.length && values.size === 1
          ? {
              decided: true,
              value: votes[0]!.value,
              confidence: 1,
              supporters: voters,
              dissenters: [],
              invalid: [],
            }
          : { decided: false, reason: 'not unanimous', invalid: [] };
      },
    };
    const round = consensusRoundWith({ unanimity });
    const clock = new VirtualClock();
    const system = createSystem({ clock, seed: 1 });
    for (const id of ['a', 'b']) system.spawn(consensusVoter, { id, input: { value: 'go' } });
    const r = system.spawn(round, {
      id: 'r',
      input: { question: 'go?', voters: ['a', 'b'], rule: { rule: 'unanimity' }, reportTo: [] },
    });
    system.run();
    expect(snapshotOf(r).context.decision).toMatchObject({
      status: 'decided',
      value: 'go',
      rule: 'unanimity',
    });
    const unknown = system.spawn(consensusRound, {
      id: 'r2',
      input: { question: 'go?', voters: ['a'], rule: { rule: 'unanimity' }, reportTo: [] },
    });
    system.run();
    expect(snapshotOf(unknown).context.decision).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/no rule named 'unanimity'/),
    });
  });
});
