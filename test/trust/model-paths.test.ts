import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  type EventObject,
  type InputFrom,
  SimulatedClock,
} from 'xstate';
import {
  type AgentIdentity,
  type ConsensusRoundConfig,
  consensusRound,
  leaderElection,
  reputationPolicy,
  reputationStanding,
} from '../../src/index.js';

/**
 * Model-based testing: @xstate/graph enumerates paths through a machine (its pure transition function);
 * each path is then replayed on a live actor, where an `after` edge is taken the way it happens for real,
 * by advancing a simulated clock. At every step the live actor must be where the model says.
 */
interface Step {
  readonly event: EventObject;
  readonly state: AnyMachineSnapshot;
}

function replay(
  machine: AnyStateMachine,
  input: unknown,
  steps: readonly Step[],
  delayOf: (eventType: string, snapshot: AnyMachineSnapshot) => number,
): void {
  const clock = new SimulatedClock();
  const actor = createActor(machine, { clock, input } as never);
  actor.subscribe({ error: (e) => expect.fail(String(e)) });
  actor.start();
  for (const step of steps.slice(1)) {
    if (step.event.type.startsWith('xstate.after.'))
      clock.increment(delayOf(step.event.type, actor.getSnapshot()));
    else actor.send(step.event as never);
    expect(actor.getSnapshot().value, `after ${step.event.type}`).toEqual(step.state.value);
  }
  actor.stop();
}

const stateKey = (s: AnyMachineSnapshot): string => JSON.stringify(s.value);

const agent = (id: string): AgentIdentity => ({ id, capabilities: [], seed: 42 });

/** An inbound message as the machine receives it; its id names the sender, so events serialize stably. */
const message = (performative: 'request' | 'inform', sender: string, receiver: string, content: object) => ({
  type: performative,
  performative,
  id: `e-${sender}`,
  sender,
  receiver,
  priority: 'normal',
  sentAt: 0,
  content,
});

describe('model-based paths: reputation standing', () => {
  const policy = reputationPolicy({ paroles: 1, coolingOff: 5_000 });
  const input = { subject: 'x', policy };
  const assessed = (score: number, evidence: number) => ({
    type: 'assessed' as const,
    score,
    evidence,
    at: 0,
  });
  const events = [
    { type: 'introduce' as const, at: 0 },
    assessed(0.9, 5),
    assessed(0.55, 5),
    assessed(0.3, 5),
    assessed(0.1, 5),
    assessed(0.1, 0.5),
    { type: 'xstate.after.coolingOff.reputation-standing.banned.coolingOff' } as never,
  ];
  const options = {
    events,
    input,
    serializeState: (s: AnyMachineSnapshot) =>
      JSON.stringify([s.value, s.context.paroles, s.context.standing]),
  };

  it('reaches every standing, including parole and the final ban, and the live actor follows each path', () => {
    const paths = getShortestPaths(reputationStanding, options);
    expect(paths.length).toBeGreaterThanOrEqual(9);
    const reached = new Set(paths.map((p) => stateKey(p.state)));
    expect(reached).toEqual(
      new Set([
        '"unknown"',
        '"probation"',
        '"trusted"',
        '"suspected"',
        '{"banned":"coolingOff"}',
        '{"banned":"forever"}',
      ]),
    );
    for (const path of paths) replay(reputationStanding, input, path.steps, () => policy.coolingOff);
  });

  it('simple paths agree with the live actor too, and the standing in context always matches the state', () => {
    const paths = getSimplePaths(reputationStanding, options);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      replay(reputationStanding, input, path.steps, () => policy.coolingOff);
      for (const step of path.steps) {
        const value = step.state.value;
        expect(step.state.context.standing).toBe(typeof value === 'string' ? value : Object.keys(value)[0]);
      }
    }
  });
});

describe('model-based paths: consensus round', () => {
  const base: ConsensusRoundConfig = {
    question: 'q',
    voters: ['a', 'b', 'c'],
    rule: { rule: 'majority' },
    deadline: 100,
    attempts: 2,
    retryAfter: 10,
    reveal: true,
    reportTo: [],
  };
  const envelope = (sender: string, content: object) => message('inform', sender, 'round', content);
  const roundEvents = (s: AnyMachineSnapshot) => {
    const attempt = s.context.attempt as number;
    const vote = (sender: string, value: string) =>
      envelope(sender, { kind: 'vote', roundId: 'round', attempt, value });
    const reveal = (sender: string, value: string) =>
      envelope(sender, { kind: 'reveal', roundId: 'round', value });
    return [
      vote('a', 'x'),
      vote('b', 'x'),
      vote('c', 'y'),
      vote('b', 'y'),
      vote('mallory', 'y'),
      reveal('a', 'x'),
      reveal('b', 'x'),
      reveal('c', 'x'),
      { type: 'xstate.after.deadline.consensus-round.collecting' },
      { type: 'xstate.after.retryAfter.consensus-round.retrying' },
      { type: 'xstate.after.deadline.consensus-round.revealing' },
      { type: 'xstate.after.deadline.consensus-round.weighing' },
      envelope('ledger', { kind: 'trust-report', at: 0, entries: [] }),
    ] as never[];
  };
  const serializeState = (s: AnyMachineSnapshot) =>
    JSON.stringify([s.value, s.context.attempt, s.context.votes, Object.keys(s.context.reveals).sort()]);
  const delayOf = (type: string) => (type.includes('retryAfter') ? 10 : 100);
  const paths = (config: Partial<ConsensusRoundConfig>) => {
    const input = { ...base, ...config, agent: agent('round') } as InputFrom<typeof consensusRound>;
    return { input, paths: getShortestPaths(consensusRound, { events: roundEvents, input, serializeState }) };
  };

  it('covers collecting, retrying, revealing, decided and escalated, and the live round follows every path', () => {
    const { input, paths: found } = paths({});
    expect(found.length).toBeGreaterThan(20);
    const reached = new Set(found.map((p) => stateKey(p.state)));
    for (const state of ['collecting', 'retrying', 'revealing', 'decided', 'escalated'])
      expect(reached).toContain(`"${state}"`);
    for (const path of found) replay(consensusRound, input, path.steps, delayOf);
  });

  it('a decided path never counts an abstainer or a stranger, and escalates only after its last attempt', () => {
    const { paths: found } = paths({});
    for (const path of found) {
      const end = path.state;
      expect(Object.keys(end.context.votes)).not.toContain('mallory');
      if (stateKey(end) === '"escalated"') expect(end.context.attempt).toBe(2);
      if (stateKey(end) === '"decided"') {
        const decision = end.context.decision;
        const voted = Object.keys(end.context.votes);
        expect(decision).toBeDefined();
        expect(decision!.abstainers.every((v: string) => !voted.includes(v))).toBe(true);
      }
    }
  });

  it('goes through weighing when the rule weighs by reputation, and refuses when it can never be safe', () => {
    const weighted = paths({ rule: { rule: 'weighted', by: 'reputation' }, ledger: 'ledger' });
    expect(new Set(weighted.paths.map((p) => stateKey(p.state)))).toContain('"weighing"');
    for (const path of weighted.paths) replay(consensusRound, weighted.input, path.steps, delayOf);
    const refused = paths({ rule: { rule: 'byzantine', f: 1 } });
    expect(refused.paths.map((p) => stateKey(p.state))).toEqual(['"refused"']);
  });
});

describe('model-based paths: leader election', () => {
  const input = {
    peers: ['n2', 'n3'],
    electionTimeout: { min: 150, max: 300 },
    heartbeatInterval: 50,
    agent: agent('n1'),
  };
  const toN1 = (performative: 'request' | 'inform', sender: string, content: object) =>
    message(performative, sender, 'n1', content);
  const events = (s: AnyMachineSnapshot) => {
    const term = s.context.term as number;
    return [
      { type: 'xstate.after.electionTimeout.leader-election.follower' },
      { type: 'xstate.after.electionTimeout.leader-election.candidate' },
      { type: 'xstate.after.heartbeatInterval.leader-election.leader.beating' },
      toN1('inform', 'n2', { kind: 'vote-grant', term, granted: true }),
      toN1('inform', 'n3', { kind: 'vote-grant', term, granted: false }),
      toN1('inform', 'n2', { kind: 'heartbeat', term, leader: 'n2' }),
      toN1('inform', 'n3', { kind: 'heartbeat', term: term + 1, leader: 'n3' }),
      toN1('request', 'n3', { kind: 'vote-request', term: term + 1, candidate: 'n3' }),
      toN1('request', 'n2', { kind: 'vote-request', term, candidate: 'n2' }),
    ] as never[];
  };
  const serializeState = (s: AnyMachineSnapshot) =>
    JSON.stringify([s.value, s.context.term, s.context.votedFor, s.context.leader, s.context.votes]);
  const found = getShortestPaths(leaderElection, {
    events,
    input,
    serializeState,
    stopWhen: (s: AnyMachineSnapshot) => (s.context.term as number) >= 3,
  });
  const delayOf = (type: string, snapshot: AnyMachineSnapshot) =>
    type.includes('heartbeatInterval')
      ? (snapshot.context.heartbeatInterval as number)
      : (snapshot.context.timeout as number);

  it('reaches follower, candidate and leader, and the live node follows every path on simulated time', () => {
    expect(found.length).toBeGreaterThan(10);
    const reached = new Set(found.map((p) => stateKey(p.state)));
    expect(reached).toEqual(new Set(['"follower"', '"candidate"', '{"leader":"beating"}']));
    for (const path of found) replay(leaderElection, input, path.steps, delayOf);
  });

  it('never votes twice in a term, and leads only terms it won with a majority', () => {
    for (const path of found) {
      let previous: AnyMachineSnapshot | undefined;
      for (const { state } of path.steps) {
        const c = state.context;
        if (
          previous !== undefined &&
          previous.context.term === c.term &&
          previous.context.votedFor !== undefined
        ) {
          expect(c.votedFor).toBe(previous.context.votedFor);
        }
        if (stateKey(state) === '{"leader":"beating"}') {
          expect(c.leader).toBe('n1');
          expect((c.votes as string[]).length * 2).toBeGreaterThan(3);
        }
        previous = state;
      }
    }
  });
});
