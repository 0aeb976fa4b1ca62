import { describe, expect, it } from 'vitest';
import { decodeEnvelope, type Envelope, snapshotOf } from './support/core.js';
import { echo } from './support/echo.js';
import { finisher } from './support/finisher.js';
import { forger } from './support/forger.js';
import { explosive, fragile } from './support/fragile.js';
import { systemFixture } from './support/system-fixture.js';

function inboxOf(system: ReturnType<typeof systemFixture>['system'], id: string): Envelope[] {
  const received: Envelope[] = [];
  system.endpoint(id).inbox$.subscribe((e) => received.push(e));
  return received;
}

describe('the sender of a message', () => {
  it('is always the hosting agent: a machine cannot forge sender, id, send time or extra fields', () => {
    const { system, clock } = systemFixture();
    const sink = inboxOf(system, 'sink');
    system.spawn(forger, { id: 'forger' });
    clock.advance(70);
    system.endpoint('app').send({ performative: 'request', receiver: 'forger', content: { kind: 'go' } });
    system.run();
    expect(sink).toHaveLength(1);
    const delivered = sink[0]!;
    expect(delivered.sender).toBe('forger');
    expect(delivered.id).not.toBe('forged-id');
    expect(delivered.sentAt).toBe(70);
    const wire = JSON.parse(JSON.stringify(delivered)) as Record<string, unknown>;
    expect(wire).not.toHaveProperty('smuggled');
    expect(wire).not.toHaveProperty('type');
    expect(decodeEnvelope(wire).ok).toBe(true);
  });
});

describe('an agent that throws', () => {
  it('becomes a failed lifecycle event with the error’s name and message, and the process lives', () => {
    const { system, lifecycle } = systemFixture();
    const agent = system.spawn(fragile, { id: 'fragile' });
    system.endpoint('app').send({ performative: 'request', receiver: 'fragile', content: { kind: 'order' } });
    system.run();
    expect(agent.status).toBe('failed');
    expect(lifecycle.filter((l) => l.agent === 'fragile').map((l) => l.event)).toEqual(['spawned', 'failed']);
    expect(lifecycle.find((l) => l.event === 'failed')).toMatchObject({
      kind: 'lifecycle',
      agent: 'fragile',
      error: { name: 'TypeError', message: 'cannot read the order' },
    });
  });

  it('has later messages dead-lettered as receiver-failed, with the error in the detail', () => {
    const { system, deadLetters } = systemFixture();
    system.spawn(fragile, { id: 'fragile' });
    const app = system.endpoint('app');
    app.send({ performative: 'request', receiver: 'fragile', content: { kind: 'order' } });
    app.send({ performative: 'inform', receiver: 'fragile', content: { kind: 'news' } });
    system.run();
    expect(deadLetters.map((d) => [d.reason, d.recipient, d.detail])).toEqual([
      ['receiver-failed', 'fragile', "'fragile' failed (TypeError: cannot read the order)"],
    ]);
  });

  it('fails at spawn when its entry action throws, without throwing from spawn', () => {
    const { system, lifecycle, deadLetters } = systemFixture();
    const agent = system.spawn(explosive, { id: 'boom' });
    expect(agent.status).toBe('failed');
    expect(lifecycle.at(-1)).toMatchObject({
      event: 'failed',
      agent: 'boom',
      error: { name: 'RangeError', message: 'bad configuration' },
    });
    system.endpoint('app').send({ performative: 'inform', receiver: 'boom', content: { kind: 'hello' } });
    expect(deadLetters.map((d) => d.reason)).toEqual(['receiver-failed']);
  });

  it('comes back with restartAgent, fresh, and takes messages again', () => {
    const { system, lifecycle } = systemFixture();
    const agent = system.spawn(fragile, { id: 'fragile' });
    const app = system.endpoint('app');
    app.send({ performative: 'request', receiver: 'fragile', content: { kind: 'order' } });
    system.run();
    system.restartAgent('fragile');
    expect(agent.status).toBe('running');
    expect(agent.restarts).toBe(1);
    expect(lifecycle.at(-1)).toMatchObject({ event: 'restarted', agent: 'fragile', reason: 'fresh' });
    app.send({ performative: 'inform', receiver: 'fragile', content: { kind: 'news' } });
    system.run();
    expect(snapshotOf(agent).context.informs).toBe(1);
  });
});

describe('a performative the machine never handles', () => {
  it('is answered not-understood to the sender and dead-lettered as not-understood', () => {
    const { system, deadLetters } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    const app = system.endpoint('app');
    const replies: Envelope[] = [];
    app.inbox$.subscribe((e) => replies.push(e));
    const cfp = app.send({
      performative: 'cfp',
      receiver: 'echo',
      content: { kind: 'task' },
      conversationId: 'c-1',
      protocol: 'fipa-contract-net',
    });
    system.run();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      performative: 'not-understood',
      sender: 'echo',
      receiver: 'app',
      inReplyTo: cfp.id,
      conversationId: 'c-1',
      protocol: 'fipa-contract-net',
      content: { kind: 'reason', reason: "'echo' does not handle 'cfp' messages" },
    });
    expect(deadLetters.map((d) => [d.reason, d.recipient, d.envelope.id])).toEqual([
      ['not-understood', 'echo', cfp.id],
    ]);
  });

  it('is not answered when it came by topic or broadcast, so a broadcast never causes a reply storm', () => {
    const { system, deadLetters } = systemFixture();
    system.spawn(echo, { id: 'echo-1', topics: ['all'] });
    system.spawn(echo, { id: 'echo-2', topics: ['all'] });
    const app = system.endpoint('app');
    const replies: Envelope[] = [];
    app.inbox$.subscribe((e) => replies.push(e));
    app.send({ performative: 'cfp', receiver: '#all', content: { kind: 'task' } });
    system.run();
    expect(replies).toEqual([]);
    expect(deadLetters.map((d) => d.reason)).toEqual(['not-understood', 'not-understood']);
  });

  it('replies to replyTo when the sender asked for it', () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    const desk = inboxOf(system, 'desk');
    system
      .endpoint('app')
      .send({ performative: 'cfp', receiver: 'echo', content: { kind: 'x' }, replyTo: 'desk' });
    system.run();
    expect(desk.map((e) => e.performative)).toEqual(['not-understood']);
  });
});

describe('an agent that reaches a final state', () => {
  it('is done, says so on the lifecycle, and later messages are dead-lettered as receiver-stopped', () => {
    const { system, lifecycle, deadLetters } = systemFixture();
    const agent = system.spawn(finisher, { id: 'worker' });
    const app = system.endpoint('app');
    app.send({ performative: 'inform', receiver: 'worker', content: { kind: 'done' } });
    system.run();
    expect(agent.status).toBe('done');
    expect(lifecycle.at(-1)).toMatchObject({
      event: 'stopped',
      agent: 'worker',
      reason: 'reached a final state',
    });
    app.send({ performative: 'inform', receiver: 'worker', content: { kind: 'more' } });
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['receiver-stopped', "'worker' has finished (final state)"],
    ]);
  });
});

describe('a stopped agent', () => {
  it('keeps its id, leaves the directory, and has messages dead-lettered with the reason it was stopped', () => {
    const { system, deadLetters } = systemFixture();
    const agent = system.spawn(echo, { id: 'echo', capabilities: ['echoing'] });
    system.stopAgent('echo', 'maintenance');
    expect(agent.status).toBe('stopped');
    expect(system.agent('echo')).toBe(agent);
    expect(system.directory.find('echoing')).toEqual([]);
    system.endpoint('app').send({ performative: 'request', receiver: 'echo', content: { kind: 'ping' } });
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual([
      ['receiver-stopped', "'echo' was stopped: maintenance"],
    ]);
  });

  it('is gone after removeAgent, and its id can be spawned again', () => {
    const { system, deadLetters } = systemFixture();
    system.spawn(echo, { id: 'echo' });
    system.removeAgent('echo');
    expect(system.agent('echo')).toBeUndefined();
    system.endpoint('app').send({ performative: 'request', receiver: 'echo', content: { kind: 'ping' } });
    expect(deadLetters.map((d) => d.reason)).toEqual(['unknown-receiver']);
    expect(() => system.spawn(echo, { id: 'echo' })).not.toThrow();
  });
});

describe('a circuit breaker', () => {
  it('dead-letters everything as circuit-open while open, across a restart, until it is closed', () => {
    const { system, deadLetters, lifecycle } = systemFixture();
    const agent = system.spawn(fragile, { id: 'fragile' });
    const app = system.endpoint('app');
    const news = () => app.send({ performative: 'inform', receiver: 'fragile', content: { kind: 'news' } });
    system.openCircuit('fragile', 'livelock with bouncer');
    news();
    system.restartAgent('fragile');
    news();
    expect(deadLetters.map((d) => [d.reason, d.detail])).toEqual(
      Array(2).fill(['circuit-open', "the circuit of 'fragile' is open: livelock with bouncer"]),
    );
    system.closeCircuit('fragile', 'cooled down');
    system.closeCircuit('fragile', 'twice'); // closing a closed circuit says nothing
    news();
    system.run();
    expect(agent.circuit).toBeUndefined();
    expect(snapshotOf(agent).context.informs).toBe(1);
    expect(lifecycle.filter((l) => l.event.startsWith('circuit')).map((l) => [l.event, l.reason])).toEqual([
      ['circuit-opened', 'livelock with bouncer'],
      ['circuit-closed', 'cooled down'],
    ]);
  });

  it('does not reopen a failed agent when closed: it stays failed until restarted', () => {
    const { system, deadLetters } = systemFixture();
    const agent = system.spawn(echo, { id: 'echo' });
    system.openCircuit('echo', 'suspect');
    system.failAgent('echo', new Error('watchdog'));
    system.closeCircuit('echo', 'cleared');
    system.endpoint('app').send({ performative: 'request', receiver: 'echo', content: { kind: 'ping' } });
    expect(agent.status).toBe('failed');
    expect(deadLetters.map((d) => d.reason)).toEqual(['receiver-failed']);
  });
});

describe('failAgent', () => {
  it('fails a running agent as if its machine had thrown, and does nothing to one that is not running', () => {
    const { system, lifecycle } = systemFixture();
    const agent = system.spawn(echo, { id: 'echo' });
    system.failAgent('echo', new RangeError('injected'));
    system.failAgent('echo', new RangeError('again'));
    expect(agent.status).toBe('failed');
    expect(lifecycle.filter((l) => l.event === 'failed')).toEqual([
      expect.objectContaining({ agent: 'echo', error: { name: 'RangeError', message: 'injected' } }),
    ]);
    expect(agent.actor.getSnapshot().status).toBe('stopped');
  });
});

describe('a restart that fails while starting', () => {
  it('is reported restarted, then failed, so the last word is the failure', () => {
    const { system, lifecycle } = systemFixture();
    system.spawn(explosive, { id: 'boom' });
    system.restartAgent('boom');
    expect(lifecycle.map((l) => l.event)).toEqual(['spawned', 'failed', 'restarted', 'failed']);
    expect(system.agent('boom')?.status).toBe('failed');
  });
});

describe('stopAgents', () => {
  it('closes every inbox, shows each agent to beforeRelease with its state, stops it, then reports it', () => {
    const { system, lifecycle } = systemFixture();
    for (const id of ['a', 'b']) system.spawn(fragile, { id });
    system.endpoint('app').send({ performative: 'inform', receiver: 'a', content: { kind: 'news' } });
    system.run();
    const seen: string[] = [];
    const stopped = system.stopAgents(['a', 'b'], 'halted', (agent) => {
      seen.push(`${agent.id}:${agent.status}:${snapshotOf(agent).context.informs}`);
      expect(lifecycle.filter((l) => l.event === 'stopped')).toEqual([]);
    });
    expect(stopped).toEqual(['a', 'b']);
    expect(seen).toEqual(['a:stopped:1', 'b:stopped:0']);
    expect(system.agents().map((a) => a.actor.getSnapshot().status)).toEqual(['stopped', 'stopped']);
    expect(lifecycle.filter((l) => l.event === 'stopped').map((l) => [l.agent, l.reason])).toEqual([
      ['a', 'halted'],
      ['b', 'halted'],
    ]);
  });

  it('leaves an agent that a lifecycle observer restarts on its report running', () => {
    const { system } = systemFixture();
    const agent = system.spawn(echo, { id: 'echo' });
    system.lifecycle$.subscribe((record) => {
      if (record.event === 'stopped' && record.reason === 'blip') system.restartAgent(record.agent);
    });
    system.stopAgents(['echo'], 'blip');
    expect(agent.status).toBe('running');
    expect(agent.actor.getSnapshot().status).toBe('active');
  });

  it('skips agents that are not running or failed, and keeps going when beforeRelease throws', () => {
    const { system } = systemFixture();
    system.spawn(echo, { id: 'a' });
    system.spawn(echo, { id: 'b' });
    system.stopAgent('b', 'earlier');
    const stopped = system.stopAgents(['a', 'b'], 'halted', () => {
      throw new Error('no snapshot');
    });
    expect(stopped).toEqual(['a']);
    expect(system.agent('a')?.actor.getSnapshot().status).toBe('stopped');
  });
});
