import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { CONTRACT_NET, contractNetBidder, type TaskOutcomeContent } from '../../src/index.js';
import { contractNet, TASK } from './harness.js';

/** One test per item of the FIPA Contract Net checklist (SC00029H). */
describe('FIPA contract net, initiator side', () => {
  it('1. announces a cfp with the protocol, a conversation id and a reply deadline to every participant', () => {
    const { participants, clock } = contractNet(3);
    for (const p of participants) {
      const cfp = p.last('cfp');
      expect(cfp.protocol).toBe(CONTRACT_NET);
      expect(cfp.conversationId).toBe('paint-fence:r1');
      expect(cfp.replyBy).toBe(clock.now() + 1000);
      expect(cfp.content).toEqual(TASK);
    }
    const [a, b] = participants;
    a!.propose(10);
    b!.propose(20);
    const all = [...a!.heard, ...b!.heard];
    expect(all.every((e) => e.conversationId === 'paint-fence:r1')).toBe(true);
  });

  it('2. takes one answer from each participant: propose, refuse or not-understood', () => {
    const { system, participants, state } = contractNet(0, { participants: ['painter', 'plumber', 'deaf'] });
    system.spawn(contractNetBidder, {
      id: 'painter',
      capabilities: ['paint'],
      input: { costPerUnit: 2, speed: 1 },
    });
    system.spawn(contractNetBidder, {
      id: 'plumber',
      capabilities: ['pipes'],
      input: { costPerUnit: 2, speed: 1 },
    });
    system.spawn(setup({}).createMachine({ on: { request: {} } }), { id: 'deaf' });
    expect(participants).toEqual([]);
    // Restart the initiator now that its participants exist.
    system.restartAgent('initiator');
    const initiator = system.agent('initiator')!;
    const snapshot = initiator.actor.getSnapshot();
    expect(snapshot.context.answered).toEqual(['painter', 'plumber', 'deaf']);
    expect(snapshot.context.proposals.map((p: { agent: string }) => p.agent)).toEqual(['painter']);
    expect(state()).toBe('executing');
  });

  it('3. evaluates as soon as all answered, and may award none, one or several', () => {
    const one = contractNet(2);
    one.participants[0]!.propose(30);
    one.participants[1]!.propose(20);
    expect(one.state()).toBe('executing');
    expect(one.clock.now()).toBe(0);
    expect(one.participants[1]!.count('accept-proposal')).toBe(1);

    const several = contractNet(3, { winners: 2 });
    several.participants.forEach((p, i) => {
      p.propose(10 + i);
    });
    expect(several.participants.map((p) => p.count('accept-proposal'))).toEqual([1, 1, 0]);

    const none = contractNet(2);
    none.participants.forEach((p) => {
      p.propose(500);
    });
    expect(none.participants.map((p) => p.last('reject-proposal').content)).toEqual([
      { kind: 'rejection', taskId: TASK.taskId, reason: 'over-budget' },
      { kind: 'rejection', taskId: TASK.taskId, reason: 'over-budget' },
    ]);
  });

  it('4. gives every proposer exactly one accept or reject', () => {
    const { participants } = contractNet(4);
    participants.forEach((p, i) => {
      p.propose(40 - i);
    });
    const answers = participants.map((p) => p.count('accept-proposal') + p.count('reject-proposal'));
    expect(answers).toEqual([1, 1, 1, 1]);
    expect(participants[3]!.count('accept-proposal')).toBe(1);
    expect(participants[0]!.last().content).toMatchObject({ reason: 'outbid' });
  });

  it('5. rejects a proposal that arrives after the deadline as late, never accepts it', () => {
    const { system, participants, clock } = contractNet(2);
    participants[0]!.propose(50);
    clock.advance(1001);
    system.run({ until: 1001 });
    participants[1]!.propose(1);
    expect(participants[1]!.count('accept-proposal')).toBe(0);
    expect(participants[1]!.last().content).toMatchObject({ kind: 'rejection', reason: 'late' });
    expect(participants[0]!.count('accept-proposal')).toBe(1);
  });

  it('6. does not wait for a silent participant past the deadline', () => {
    const { system, participants, state } = contractNet(2);
    participants[0]!.propose(50);
    expect(state()).toBe('collecting');
    system.run({ until: 999 });
    expect(state()).toBe('collecting');
    system.run({ until: 1000 });
    expect(state()).toBe('executing');
    expect(participants[0]!.count('accept-proposal')).toBe(1);
  });

  it('7. an accepted participant ends with inform (completed) or failure (re-announced)', () => {
    const done = contractNet(1);
    done.participants[0]!.propose(10);
    const award = done.participants[0]!.last('accept-proposal');
    done.participants[0]!.answer(award, 'inform', { kind: 'result', taskId: TASK.taskId, value: 'painted' });
    expect(done.state()).toBe('completed');
    expect(done.manager.last().content).toMatchObject({
      kind: 'task-outcome',
      status: 'completed',
      rounds: 1,
    });

    const failing = contractNet(2);
    failing.participants[0]!.propose(10);
    failing.participants[1]!.propose(20);
    const first = failing.participants[0]!.last('accept-proposal');
    failing.participants[0]!.answer(first, 'failure', { kind: 'reason', reason: 'out of paint' });
    // Round 2 goes to the others only: the failed contractor is not asked again.
    expect(failing.participants[0]!.count('cfp')).toBe(1);
    expect(failing.participants[1]!.last('cfp').conversationId).toBe('paint-fence:r2');
  });

  it('8. a refused or rejected conversation ends there', () => {
    const { system, participants } = contractNet(2);
    const refusal = participants[0]!.answer(participants[0]!.last('cfp'), 'refuse', {
      kind: 'reason',
      reason: 'busy',
    });
    participants[1]!.propose(10);
    const award = participants[1]!.last('accept-proposal');
    participants[1]!.answer(award, 'inform', { kind: 'result', taskId: TASK.taskId });
    system.run();
    expect(refusal.conversationId).toBe('paint-fence:r1');
    expect(participants[0]!.heard.map((e) => e.performative)).toEqual(['cfp']);
    expect(participants[1]!.heard.map((e) => e.performative)).toEqual(['cfp', 'accept-proposal']);
  });

  it('9. may cancel: the contractor is told and answers inform or failure', () => {
    const { system, manager, state } = contractNet(0, { participants: ['painter'] });
    system.spawn(contractNetBidder, {
      id: 'painter',
      capabilities: ['paint'],
      input: { costPerUnit: 2, speed: 1 },
    });
    system.restartAgent('initiator');
    expect(state()).toBe('executing');
    manager.endpoint.send({
      performative: 'cancel',
      receiver: 'initiator',
      content: { kind: 'cancel', taskId: TASK.taskId, reason: 'changed my mind' },
    });
    system.run({ until: 100 });
    expect(state()).toBe('cancelled');
    system.run();
    expect(state()).toBe('closed');
    const outcome = manager.last().content as TaskOutcomeContent;
    expect(outcome).toMatchObject({ status: 'cancelled', reason: 'cancelled by its manager' });
    const painter = system.agent('painter')!.actor.getSnapshot();
    expect(painter.context.cancelled).toBe(1);
    expect(painter.value).toBe('idle');
  });

  it('10. not-understood ends the interaction with that participant', () => {
    const { system, participants } = contractNet(2);
    participants[0]!.answer(participants[0]!.last('cfp'), 'not-understood', {
      kind: 'reason',
      reason: 'what is paint?',
    });
    participants[1]!.propose(10);
    participants[1]!.answer(participants[1]!.last('accept-proposal'), 'inform', {
      kind: 'result',
      taskId: TASK.taskId,
    });
    system.run();
    expect(participants[0]!.heard.map((e) => e.performative)).toEqual(['cfp']);
  });

  it('10. not-understood of an award fails that contract at once; the task is re-announced to the others', () => {
    const { initiator, participants, clock, state } = contractNet(2);
    participants[0]!.propose(10);
    participants[1]!.propose(20);
    participants[0]!.answer(participants[0]!.last('accept-proposal'), 'not-understood', {
      kind: 'reason',
      reason: 'what is an award?',
    });
    expect(clock.now()).toBe(0);
    expect(state()).toBe('collecting');
    expect(initiator.actor.getSnapshot().context.failures).toEqual([
      { agent: 'p1', round: 1, reason: 'what is an award?' },
    ]);
    expect(participants.map((p) => p.last('cfp').conversationId)).toEqual([
      'paint-fence:r1',
      'paint-fence:r2',
    ]);
  });

  it('11. replies carry inReplyTo and go to replyTo when it is set', () => {
    const { system, participants } = contractNet(1);
    const accounts: string[] = [];
    system.endpoint('accounts').inbox$.subscribe((e) => accounts.push(`${e.performative}:${e.inReplyTo}`));
    const cfp = participants[0]!.last('cfp');
    const proposal = participants[0]!.endpoint.send({
      performative: 'propose',
      receiver: cfp.sender,
      content: { kind: 'bid', taskId: TASK.taskId, price: 5, eta: 100 },
      conversationId: cfp.conversationId,
      inReplyTo: cfp.id,
      replyTo: 'accounts',
    });
    expect(accounts).toEqual([`accept-proposal:${proposal.id}`]);
    expect(participants[0]!.count('accept-proposal')).toBe(0);
  });
});
