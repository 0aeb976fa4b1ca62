import { describe, expect, it } from 'vitest';
import {
  awardWith,
  contractNetBidder,
  contractNetInitiator,
  createSystem,
  effectivePrice,
  type ReplyAddress,
  reputationLedger,
  snapshotOf,
  type TaskOutcomeContent,
  type TrustLookup,
  trustAwardRule,
  trustIn,
  trustWeight,
  trustWeightedAward,
  VirtualClock,
} from '../../src/index.js';

const table: Record<string, { standing: 'trusted' | 'probation' | 'suspected' | 'banned'; score: number }> = {
  reliable: { standing: 'trusted', score: 0.9 },
  newbie: { standing: 'probation', score: 0.5 },
  shady: { standing: 'suspected', score: 0.35 },
  crook: { standing: 'banned', score: 0.05 },
};
const trustOf: TrustLookup = (agent) => table[agent];

describe('trust-weighted award', () => {
  it('weighs trusted agents by score, halves the suspected, zeroes the banned, and gives strangers the prior', () => {
    expect(trustWeight(table.reliable)).toBe(0.9);
    expect(trustWeight(table.shady)).toBeCloseTo(0.175);
    expect(trustWeight(table.crook)).toBe(0);
    expect(trustWeight(undefined)).toBe(0.5);
    expect(effectivePrice(10, table.newbie)).toBe(20);
    expect(effectivePrice(10, table.crook)).toBe(Number.POSITIVE_INFINITY);
  });

  it('skips banned bidders and prefers a trusted bid at a fair price over a cheaper untrusted one', () => {
    const award = trustWeightedAward(trustOf);
    const { winner, ranked, excluded } = award([
      { agent: 'crook', price: 1, eta: 5 },
      { agent: 'newbie', price: 10, eta: 5 },
      { agent: 'reliable', price: 15, eta: 5 },
      { agent: 'shady', price: 3, eta: 5 },
    ]);
    expect(excluded.map((b) => b.agent)).toEqual(['crook']);
    expect(winner).toMatchObject({ agent: 'reliable', price: 15, eta: 5 });
    expect(ranked.map((b) => b.agent)).toEqual(['reliable', 'shady', 'newbie']);
    expect(ranked[0]!.effectivePrice).toBeCloseTo(15 / 0.9);
  });

  it('can demand a minimum weight, and awards nothing when nobody qualifies', () => {
    const award = trustWeightedAward(trustOf, { minWeight: 0.6 });
    expect(award([{ agent: 'newbie', price: 1 }]).winner).toBeUndefined();
    expect(award([{ agent: 'newbie', price: 1 }]).excluded).toHaveLength(1);
  });
});

describe('trust award rule for the contract-net initiator', () => {
  const address: ReplyAddress = {
    id: 'e1',
    sender: 'x',
    replyTo: undefined,
    conversationId: 'c',
    protocol: undefined,
  };
  const proposal = (agent: string, price: number, eta = 5) => ({ agent, price, eta, address });
  const task = { kind: 'task' as const, taskId: 't', capability: 'paint', work: 1, budget: 20 };

  it('fits the initiator’s AwardRule: within budget, banned skipped, best effective price first', () => {
    const rule = trustAwardRule(trustOf);
    const proposals = [
      proposal('crook', 1),
      proposal('newbie', 10),
      proposal('reliable', 15),
      proposal('rich', 25),
    ];
    expect(rule(proposals, task, 1).winners.map((p) => p.agent)).toEqual(['reliable']);
    expect(rule(proposals, task, 2).winners.map((p) => p.agent)).toEqual(['reliable', 'newbie']);
    expect(rule(proposals, task, 2).winners[0]).toBe(proposals[2]);
    expect(rule([proposal('crook', 1)], task, 1)).toEqual({
      winners: [],
      rejections: { crook: 'untrusted' },
    });
  });

  it('plugs into the initiator with awardWith and .provide(): a cheap banned bidder loses to a trusted one', () => {
    const clock = new VirtualClock();
    const system = createSystem({ clock, seed: 2 });
    const ledger = system.spawn(reputationLedger, {
      id: 'ledger',
      input: { topic: null, policy: { authorities: ['judge'], paroles: 0 } },
    });
    const judge = system.endpoint('judge');
    const tell = (subject: string, outcome: 'contract-delivered' | 'contract-failed', times: number) => {
      for (let i = 0; i < times; i++)
        judge.send({
          performative: 'inform',
          receiver: 'ledger',
          content: { kind: 'evidence', subject, outcome },
        });
    };
    tell('cheap', 'contract-failed', 6);
    tell('fair', 'contract-delivered', 6);
    system.spawn(contractNetBidder, {
      id: 'cheap',
      capabilities: ['paint'],
      input: { costPerUnit: 1, speed: 1 },
    });
    system.spawn(contractNetBidder, {
      id: 'fair',
      capabilities: ['paint'],
      input: { costPerUnit: 3, speed: 1 },
    });
    const manager = system.endpoint('manager');
    const outcomes: TaskOutcomeContent[] = [];
    manager.inbox$.subscribe((e) => outcomes.push(e.content as TaskOutcomeContent));
    const trustOfLedger: TrustLookup = (agent) => trustIn(snapshotOf(ledger).context, agent, clock.now());
    const initiator = contractNetInitiator.provide({
      actions: { selectWinners: awardWith(trustAwardRule(trustOfLedger)) },
    });
    system.spawn(initiator, {
      id: 'manager-1',
      input: {
        task: { kind: 'task', taskId: 't1', capability: 'paint', work: 2 },
        replyWithin: 100,
        reportTo: 'manager',
      },
    });
    system.run();
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'completed', contractors: [{ agent: 'fair', price: 6 }] }),
    ]);
  });
});
