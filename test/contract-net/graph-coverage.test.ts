import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, EventObject } from 'xstate';
import {
  type BidderContext,
  type Content,
  contractNetBidder,
  contractNetInitiator,
  type InitiatorContext,
  type Performative,
  toEnvelopeEvent,
} from '../../src/index.js';
import { TASK } from './harness.js';

const agent = { id: 'me', capabilities: ['paint'], seed: 1 };

let ids = 0;
function message<C extends Content>(
  performative: Performative,
  sender: string,
  content: C,
  conversationId: string,
) {
  return toEnvelopeEvent({
    id: `m${ids++}`,
    performative,
    sender,
    receiver: 'me',
    content,
    priority: 'normal',
    sentAt: 0,
    conversationId,
  });
}

/** The atomic states a machine can rest in: every leaf without an eventless (`always`) transition. */
function restingStates(machine: AnyStateMachine): string[] {
  const leaves: string[] = [];
  const visit = (node: AnyStateMachine['root'], path: string[]) => {
    const children = Object.entries(node.states);
    if (children.length === 0) {
      if (node.always === undefined || node.always.length === 0) leaves.push(path.join('.'));
      return;
    }
    for (const [key, child] of children) visit(child, [...path, key]);
  };
  visit(machine.root, []);
  return leaves.sort();
}

const after = (machine: string, state: string, delay: string) => ({
  type: `xstate.after.${delay}.${machine}.${state}`,
});

const delays: Record<string, string> = {
  executing: 'resultWindow',
  completed: 'linger',
  failed: 'linger',
  cancelled: 'linger',
};

function initiatorEvents(snapshot: { context: InitiatorContext; value: unknown }): EventObject[] {
  const c = snapshot.context;
  const conv = c.conversationId;
  const state = String(snapshot.value);
  return [
    message('propose', 'p1', { kind: 'bid', taskId: TASK.taskId, price: 10, eta: 100 }, conv),
    message('propose', 'p2', { kind: 'bid', taskId: TASK.taskId, price: 900, eta: 100 }, conv),
    message('refuse', 'p2', { kind: 'reason', reason: 'busy' }, conv),
    message('inform', 'p1', { kind: 'result', taskId: TASK.taskId }, conv),
    message('failure', 'p1', { kind: 'reason', reason: 'broke' }, conv),
    message(
      'inform',
      'polis.directory',
      { kind: 'directory-answer', capability: 'paint', agents: ['p1', 'p2'] },
      conv,
    ),
    message('cancel', 'boss', { kind: 'cancel', taskId: TASK.taskId, reason: 'stop' }, conv),
    after('contract-net-initiator', state, delays[state] ?? 'replyWindow'),
  ];
}

function bidderEvents(snapshot: { context: BidderContext; value: unknown }): EventObject[] {
  const offered = snapshot.context.offers[0]?.conversationId ?? 'c1';
  const busy = snapshot.context.current?.address.conversationId ?? 'c1';
  return [
    message('cfp', 'i1', { ...TASK, budget: 1000 }, 'c1'),
    message('cfp', 'i2', { ...TASK, capability: 'pipes' }, 'c2'),
    message('accept-proposal', 'i1', { kind: 'award', taskId: TASK.taskId, price: 8 }, offered),
    message('reject-proposal', 'i1', { kind: 'rejection', taskId: TASK.taskId, reason: 'outbid' }, offered),
    message('cancel', 'i1', { kind: 'cancel', taskId: TASK.taskId, reason: 'stop' }, busy),
    after('contract-net-bidder', 'working', 'workTime'),
  ];
}

describe('every resting state is reached by a shortest path', () => {
  it('contract-net initiator', () => {
    for (const participants of [['p1', 'p2'], []]) {
      const paths = getShortestPaths(contractNetInitiator, {
        input: { agent, task: TASK, participants, replyWithin: 100, reportTo: 'boss', maxRounds: 2 },
        events: initiatorEvents as never,
        serializeState: (s) =>
          `${JSON.stringify(s.value)}|${(s.context as InitiatorContext).round}|${(s.context as InitiatorContext).answered.length}|${(s.context as InitiatorContext).awaiting.length}`,
        limit: 5_000,
      });
      const reached = new Set(paths.map((p) => String(p.state.value)));
      if (participants.length === 0) expect(reached.has('locating')).toBe(true);
      else
        for (const state of restingStates(contractNetInitiator))
          if (state !== 'locating') expect(reached, state).toContain(state);
    }
  });

  it('contract-net bidder', () => {
    const paths = getShortestPaths(contractNetBidder, {
      input: { agent, costPerUnit: 2, speed: 1, capacity: 2, failureRate: 0.5 },
      events: bidderEvents as never,
      serializeState: (s) =>
        `${JSON.stringify(s.value)}|${(s.context as BidderContext).offers.length}|${(s.context as BidderContext).queue.length}`,
      limit: 5_000,
    });
    const reached = new Set(paths.map((p) => String(p.state.value)));
    for (const state of restingStates(contractNetBidder)) expect(reached, state).toContain(state);
    expect(restingStates(contractNetBidder)).toEqual(['idle', 'working']);
  });
});
