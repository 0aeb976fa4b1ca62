import { describe, expect, it } from 'vitest';
import {
  awardWith,
  type BidContent,
  contractNetBidder,
  contractNetInitiator,
  quoteWith,
} from '../../src/index.js';
import { contractNet, Participant, TASK } from './harness.js';

function withBidder(
  options: { costPerUnit?: number; speed?: number; capacity?: number; failureRate?: number } = {},
) {
  const market = contractNet(0, { participants: [] });
  const { system } = market;
  system.spawn(contractNetBidder, {
    id: 'bidder',
    capabilities: ['paint'],
    input: { costPerUnit: 2, speed: 2, ...options },
  });
  const boss = new Participant(system.endpoint('boss'));
  const cfp = (taskId: string, work = 4) =>
    boss.endpoint.send({
      performative: 'cfp',
      receiver: 'bidder',
      content: { ...TASK, taskId, work },
      conversationId: `${taskId}:r1`,
      protocol: 'fipa-contract-net',
    });
  return { ...market, boss, cfp, bidder: () => system.agent('bidder')!.actor.getSnapshot() };
}

describe('contract-net bidder', () => {
  it('answers every cfp exactly once, pricing by work and load', () => {
    const { boss, cfp } = withBidder();
    cfp('a');
    cfp('b', 2);
    expect(boss.heard.map((e) => e.performative)).toEqual(['propose', 'propose']);
    expect(boss.heard.map((e) => (e.content as BidContent).price)).toEqual([8, 4]);
    expect(boss.heard.every((e) => e.inReplyTo !== undefined && e.conversationId?.endsWith(':r1'))).toBe(
      true,
    );
  });

  it('refuses what it cannot do, saying why', () => {
    const { boss } = withBidder();
    boss.endpoint.send({
      performative: 'cfp',
      receiver: 'bidder',
      content: { ...TASK, capability: 'pipes' },
      conversationId: 'x',
    });
    expect(boss.last().performative).toBe('refuse');
    expect(boss.last().content).toMatchObject({ reason: "no capability 'pipes'" });
  });

  it('does awarded work in simulated time, one job after another, and informs the result', () => {
    const { boss, cfp, system, bidder } = withBidder();
    cfp('a');
    cfp('b');
    boss.answer(boss.heard[0]!, 'accept-proposal', { kind: 'award', taskId: 'a', price: 8 });
    boss.answer(boss.heard[1]!, 'accept-proposal', { kind: 'award', taskId: 'b', price: 8 });
    expect(bidder().value).toBe('working');
    system.run({ until: 1999 });
    expect(boss.count('inform')).toBe(0);
    system.run({ until: 2000 });
    expect(boss.count('inform')).toBe(1);
    system.run({ until: 4000 });
    expect(boss.count('inform')).toBe(2);
    expect(bidder().value).toBe('idle');
    expect(bidder().context.earned).toBe(16);
  });

  it('fails some jobs at its failure rate, the same ones for the same seed', () => {
    const outcomes = () => {
      const { boss, cfp, system } = withBidder({ failureRate: 0.5, capacity: 100 });
      for (let i = 0; i < 20; i++) {
        const c = cfp(`t${i}`, 1);
        const proposal = boss.heard.find((e) => e.inReplyTo === c.id)!;
        boss.answer(proposal, 'accept-proposal', { kind: 'award', taskId: `t${i}`, price: 1 });
      }
      system.run();
      return boss.heard
        .filter((e) => e.performative === 'inform' || e.performative === 'failure')
        .map((e) => e.performative);
    };
    const first = outcomes();
    expect(first).toHaveLength(20);
    expect(first.filter((p) => p === 'failure').length).toBeGreaterThan(2);
    expect(first.filter((p) => p === 'inform').length).toBeGreaterThan(2);
    expect(outcomes()).toEqual(first);
  });

  it('answers an award it never proposed, or beyond its capacity, with failure', () => {
    const { boss, cfp } = withBidder({ capacity: 1 });
    boss.endpoint.send({
      performative: 'accept-proposal',
      receiver: 'bidder',
      content: { kind: 'award', taskId: 'ghost', price: 1 },
      conversationId: 'ghost:r1',
    });
    expect(boss.last()).toMatchObject({ performative: 'failure', content: { reason: 'no such proposal' } });
    cfp('a');
    cfp('b');
    boss.answer(boss.heard[1]!, 'accept-proposal', { kind: 'award', taskId: 'a', price: 8 });
    boss.answer(boss.heard[2]!, 'accept-proposal', { kind: 'award', taskId: 'b', price: 8 });
    expect(boss.last()).toMatchObject({ performative: 'failure', content: { reason: 'at capacity' } });
  });

  it('takes a custom price through .provide()', () => {
    const market = contractNet(0, { participants: [] });
    const flat = contractNetBidder.provide({ actions: { quote: quoteWith(() => ({ price: 1 })) } });
    market.system.spawn(flat, { id: 'flat', capabilities: ['paint'], input: { costPerUnit: 99, speed: 1 } });
    const boss = new Participant(market.system.endpoint('boss'));
    boss.endpoint.send({ performative: 'cfp', receiver: 'flat', content: TASK, conversationId: 'c' });
    expect(boss.last().content).toMatchObject({ kind: 'bid', price: 1 });
  });
});

describe('iterated contract net', () => {
  it('re-announces a failed task up to maxRounds, then fails it with the reason', () => {
    const { participants, manager, state } = contractNet(3, { maxRounds: 2 });
    participants.forEach((p, i) => {
      p.propose(10 + i);
    });
    participants[0]!.answer(participants[0]!.last('accept-proposal'), 'failure', {
      kind: 'reason',
      reason: 'spilled',
    });
    expect(state()).toBe('collecting');
    participants[1]!.propose(11);
    participants[2]!.propose(12);
    participants[1]!.answer(participants[1]!.last('accept-proposal'), 'failure', {
      kind: 'reason',
      reason: 'rain',
    });
    expect(state()).toBe('failed');
    expect(manager.last().content).toMatchObject({
      status: 'failed',
      rounds: 2,
      failures: [
        { agent: 'p1', round: 1, reason: 'spilled' },
        { agent: 'p2', round: 2, reason: 'rain' },
      ],
    });
  });

  it('cancels an overdue contractor and re-announces', () => {
    const { system, participants, state } = contractNet(2, { resultGrace: 500 });
    participants[0]!.propose(10, 1000);
    participants[1]!.propose(20, 1000);
    system.run({ until: 1499 });
    expect(state()).toBe('executing');
    system.run({ until: 1500 });
    expect(participants[0]!.last('cancel').content).toMatchObject({ reason: 'result overdue' });
    expect(participants[1]!.last('cfp').conversationId).toBe('paint-fence:r2');
  });

  it('awards by a custom rule through .provide()', () => {
    const dearest = contractNetInitiator.provide({
      actions: {
        selectWinners: awardWith((proposals) => ({
          winners: proposals.toSorted((a, b) => b.price - a.price).slice(0, 1),
        })),
      },
    });
    const market = contractNet(0, { participants: [] });
    const boss = new Participant(market.system.endpoint('boss'));
    market.system.spawn(dearest, {
      id: 'picky',
      input: { task: TASK, participants: ['boss'], replyWithin: 100 },
    });
    boss.propose(99);
    expect(boss.count('accept-proposal')).toBe(1);
  });
});
