import { describe, expect, it } from 'vitest';
import { awardWith, contractNetInitiator, type TrustLookup, trustAwardRule } from '../../src/index.js';
import { contractNet, Participant, TASK } from './harness.js';

describe('contract net with reputation', () => {
  it('skips banned bidders with the reason untrusted and weighs the rest by trust', () => {
    const trust: TrustLookup = (agent) =>
      ({
        crook: { standing: 'banned', score: 0.1 },
        steady: { standing: 'trusted', score: 0.9 },
        shaky: { standing: 'suspected', score: 0.6 },
      })[agent] as ReturnType<TrustLookup>;
    const market = contractNet(0, { participants: [] });
    const initiator = contractNetInitiator.provide({
      actions: { selectWinners: awardWith(trustAwardRule(trust)) },
    });
    const bidders = ['crook', 'steady', 'shaky'].map((id) => new Participant(market.system.endpoint(id)));
    market.system.spawn(initiator, {
      id: 'weighing',
      input: { task: TASK, participants: ['crook', 'steady', 'shaky'], replyWithin: 100 },
    });
    const [crook, steady, shaky] = bidders as [Participant, Participant, Participant];
    crook.propose(1);
    steady.propose(10); // effective 10 / 0.9 ≈ 11.1
    shaky.propose(5); // effective 5 / (0.6 × 0.5) ≈ 16.7
    expect(steady.count('accept-proposal')).toBe(1);
    expect(crook.last('reject-proposal').content).toMatchObject({ reason: 'untrusted' });
    expect(shaky.last('reject-proposal').content).toMatchObject({ reason: 'outbid' });
  });

  it('reports evidence about its contractors: delivered, failed and late', () => {
    const { system, participants } = contractNet(3, { evidenceTo: 'judge', resultGrace: 100 });
    const judge = new Participant(system.endpoint('judge'));
    participants.forEach((p, i) => {
      p.propose(10 + i, 100);
    });
    const [first, second, third] = participants as [Participant, Participant, Participant];
    first.answer(first.last('accept-proposal'), 'failure', { kind: 'reason', reason: 'broke' });
    second.propose(11, 100);
    third.propose(12, 100);
    system.run({ until: 200 });
    expect(third.last('cfp').conversationId).toBe('paint-fence:r3');
    third.propose(12, 100);
    third.answer(third.last('accept-proposal'), 'inform', { kind: 'result', taskId: TASK.taskId });
    const evidence = judge.heard.map((e) => e.content);
    expect(evidence).toEqual([
      { kind: 'evidence', subject: 'p1', outcome: 'contract-failed', about: TASK.taskId },
      { kind: 'evidence', subject: 'p2', outcome: 'contract-late', about: TASK.taskId },
      { kind: 'evidence', subject: 'p3', outcome: 'contract-delivered', about: TASK.taskId },
    ]);
  });
});
