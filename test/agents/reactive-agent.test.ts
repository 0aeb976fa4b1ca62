import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { AgentDefinitionError } from '../../machines/agent-definition-error.js';
import { controlMessage } from '../../machines/reactive/agent-control.js';
import { ruleImplementations } from '../../machines/reactive/rule-implementations.js';
import { ruleKey } from '../../machines/reactive/rules.js';
import { reactiveAgent } from '../../machines/reactive-agent.js';
import type { Envelope, Inbound } from '../../src/protocol/envelope.js';
import { type Message, type Outbound, SEND } from '../../src/protocol/outbound.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { inbound } from './messages.js';
import {
  type BurnerState,
  boiler,
  type Reading,
  type Setpoint,
  type ThermostatMemory,
  thermostat,
} from './thermostat.js';

const agent = { id: 'agent', capabilities: [], seed: 7 };

function start(machine: typeof thermostat) {
  const actor = createActor(machine, { input: { agent } });
  const sent: Outbound[] = [];
  actor.on(SEND, (event) => sent.push(event));
  actor.start();
  return { actor, sent };
}

const readingFor = (receiver: string, celsius: number): Message<Reading['content']> => ({
  performative: 'inform',
  receiver,
  content: { kind: 'reading', celsius },
});
const reading = (celsius: number) => inbound('inform', { kind: 'reading' as const, celsius });
const control = (command: 'pause' | 'resume', sender = 'operator') =>
  inbound('request', controlMessage('agent', command).content, { sender });

describe('reactive agent: rules', () => {
  it('fires only the first rule whose condition holds', () => {
    const { actor } = start(thermostat);
    actor.send(reading(15)); // too-cold and note-reading both match; too-cold comes first
    const { fired, memory } = actor.getSnapshot().context;
    expect(fired).toEqual({ 'too-cold': 1 });
    expect(memory).toMatchObject({ heating: true, readings: 1 });
    actor.send(reading(19)); // too-cold no longer holds (already heating): falls through to note-reading
    expect(actor.getSnapshot().context.fired).toEqual({ 'too-cold': 1, 'note-reading': 1 });
  });

  it('updates memory and sends what the action returns', () => {
    const { actor, sent } = start(thermostat);
    actor.send(reading(15));
    actor.send(reading(25));
    expect(sent.map((m) => [m.performative, m.receiver, m.content])).toEqual([
      ['request', 'boiler', { kind: 'burner', on: true }],
      ['request', 'boiler', { kind: 'burner', on: false }],
    ]);
    expect(actor.getSnapshot().context.memory).toEqual({
      heating: false,
      target: 20,
      readings: 2,
      confirmed: false,
    });
  });

  it('replies to the requester, in its conversation', () => {
    const { actor, sent } = start(thermostat);
    const request = inbound(
      'request',
      { kind: 'setpoint' as const, celsius: 23 },
      { sender: 'app', conversationId: 'c1' },
    );
    actor.send(request);
    expect(sent).toEqual([
      expect.objectContaining({
        performative: 'inform',
        receiver: 'app',
        inReplyTo: request.id,
        conversationId: 'c1',
        content: { kind: 'setpoint', celsius: 23 },
      }),
    ]);
    expect(actor.getSnapshot().context.memory.target).toBe(23);
  });

  it('counts messages no rule matched and answers them not-understood, or ignores them', () => {
    type Ping = Inbound<'query-ref', { kind: 'ping' }>;
    const rules = [{ name: 'never', on: 'query-ref' as const, when: () => false }];
    const answering = reactiveAgent<Record<never, never>, Ping>({ rules });
    const silent = reactiveAgent<Record<never, never>, Ping>({ rules, unmatched: 'ignore' });
    for (const [machine, replies] of [
      [answering, 1],
      [silent, 0],
    ] as const) {
      const actor = createActor(machine, { input: { agent } }).start();
      const sent: Outbound[] = [];
      actor.on(SEND, (e) => sent.push(e));
      actor.send(inbound('query-ref', { kind: 'ping' as const }));
      actor.send(inbound('query-ref', { kind: 'ping' as const }, { receiver: '#everyone' })); // never answered
      expect(actor.getSnapshot().context.unmatched).toBe(2);
      expect(sent.length).toBe(replies);
      expect(sent.every((m) => m.performative === 'not-understood')).toBe(true);
    }
  });

  it('never answers a complaint with a complaint, active or paused', () => {
    const listener = reactiveAgent({ rules: [], perceives: ['refuse', 'not-understood', 'failure'] });
    const actor = createActor(listener, { input: { agent } }).start();
    const sent: Outbound[] = [];
    actor.on(SEND, (e) => sent.push(e));
    const complain = () => {
      for (const performative of ['refuse', 'not-understood', 'failure'] as const) {
        actor.send(inbound(performative, { kind: 'reason', reason: 'no' }));
      }
    };
    complain();
    actor.send(control('pause'));
    complain();
    expect(actor.getSnapshot().context).toMatchObject({ unmatched: 3, missed: 3 });
    expect(sent.map((m) => m.content.kind)).toEqual(['agent-state']); // only the answer to the pause
  });

  it('lets .provide() replace a rule’s condition and action by name', () => {
    const sent: Outbound[] = [];
    const quiet = thermostat.provide({
      guards: { 'rule:too-cold': () => false },
      actions: { [ruleKey('note-reading')]: () => {} },
    });
    const actor = createActor(quiet, { input: { agent } });
    actor.on(SEND, (e) => sent.push(e));
    actor.start().send(reading(10));
    expect(sent).toEqual([]);
    expect(actor.getSnapshot().context.memory.readings).toBe(0);
  });

  it('replaces a rule by name with a new rule through ruleImplementations', () => {
    const frosty = thermostat.provide(
      ruleImplementations<ThermostatMemory, Reading | Setpoint | BurnerState>([
        {
          name: 'too-cold',
          on: 'inform',
          when: ({ message }) => message.content.kind === 'reading' && message.content.celsius < 5,
          act: () => ({ memory: { heating: true } }),
        },
      ]),
    );
    const actor = createActor(frosty, { input: { agent } }).start();
    actor.send(reading(10));
    expect(actor.getSnapshot().context.fired).toEqual({ 'note-reading': 1 });
    actor.send(reading(4));
    expect(actor.getSnapshot().context).toMatchObject({
      fired: { 'too-cold': 1 },
      memory: { heating: true },
    });
  });

  it('starts from per-agent memory given as input', () => {
    const actor = createActor(thermostat, { input: { agent, memory: { target: 5 } } }).start();
    actor.send(reading(10));
    expect(actor.getSnapshot().context.memory).toMatchObject({ target: 5, heating: false });
  });

  it('refuses two rules with one name', () => {
    const rules = [
      { name: 'a', act: () => undefined },
      { name: 'a', act: () => undefined },
    ];
    expect(() => reactiveAgent({ rules })).toThrow(AgentDefinitionError);
  });

  it('gives rules a seeded random stream that persists in context', () => {
    type Roll = Inbound<'request', { kind: 'roll' }>;
    const dice = reactiveAgent<{ rolls: number[] }, Roll>({
      memory: { rolls: [] },
      rules: [
        {
          name: 'roll',
          act: ({ memory, random }) => ({ memory: { rolls: [...memory.rolls, Math.floor(random() * 6)] } }),
        },
      ],
    });
    const rolls = (seed: number) => {
      const actor = createActor(dice, { input: { agent: { ...agent, seed } } }).start();
      for (let i = 0; i < 8; i++) actor.send(inbound('request', { kind: 'roll' as const }));
      return actor.getSnapshot().context.memory.rolls;
    };
    expect(rolls(1)).toEqual(rolls(1));
    expect(rolls(1)).not.toEqual(rolls(2));
  });
});

describe('reactive agent: pause and resume', () => {
  it('refuses and counts messages while paused, and reports its state to the operator', () => {
    const { actor, sent } = start(thermostat);
    actor.send(control('pause'));
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send(reading(10));
    expect(actor.getSnapshot().context).toMatchObject({ missed: 1, fired: {} });
    actor.send(control('resume'));
    expect(actor.getSnapshot().value).toBe('active');
    expect(sent.map((m) => [m.performative, m.content.kind])).toEqual([
      ['inform', 'agent-state'],
      ['refuse', 'reason'],
      ['inform', 'agent-state'],
    ]);
  });

  it('refuses control from anyone but its operators', () => {
    const { actor, sent } = start(thermostat);
    actor.send(control('pause', 'mallory'));
    expect(actor.getSnapshot().value).toBe('active');
    expect(sent).toEqual([expect.objectContaining({ performative: 'refuse', receiver: 'mallory' })]);
  });

  it('refuses a control command it does not know, and runs no rule for it', () => {
    const { actor, sent } = start(thermostat);
    actor.send(
      inbound('request', { kind: 'agent-control', command: 'stop' } as never, { sender: 'operator' }),
    );
    expect(actor.getSnapshot()).toMatchObject({ value: 'active', context: { fired: {}, unmatched: 0 } });
    expect(sent).toEqual([
      expect.objectContaining({
        performative: 'refuse',
        receiver: 'operator',
        content: { kind: 'reason', reason: "'stop' is not a control command; send 'pause' or 'resume'" },
      }),
    ]);
  });

  it('reaches every state, by paths @xstate/graph finds', () => {
    const events = [
      reading(15),
      reading(25),
      control('pause'),
      control('resume'),
      control('pause', 'mallory'),
      inbound('request', { kind: 'setpoint' as const, celsius: 22 }),
    ];
    const paths = getShortestPaths(thermostat, {
      events,
      input: { agent },
      serializeState: (s) => JSON.stringify([s.value, s.context.memory.heating]),
    });
    const reached = new Set(paths.map((p) => p.state.value));
    expect(reached).toEqual(new Set(Object.keys(thermostat.states)));
    for (const path of paths) {
      const actor = createActor(thermostat, { input: { agent } }).start();
      for (const step of path.steps) actor.send(step.event);
      expect(actor.getSnapshot().value).toEqual(path.state.value);
      expect(actor.getSnapshot().context.memory.heating).toBe(path.state.context.memory.heating);
    }
    expect(paths.some((p) => p.state.value === 'paused' && p.state.context.memory.heating)).toBe(true);
  });

  it('keeps memory across a persisted snapshot', () => {
    const { actor } = start(thermostat);
    actor.send(reading(15));
    actor.send(control('pause'));
    const restored = createActor(thermostat, { input: { agent }, snapshot: actor.getPersistedSnapshot() });
    restored.start();
    expect(restored.getSnapshot().value).toBe('paused');
    restored.send(control('resume'));
    restored.send(reading(25));
    expect(restored.getSnapshot().context.memory).toMatchObject({ heating: false, readings: 2 });
  });
});

describe('reactive agents hosted in a system', () => {
  it('drives a boiler and hears back, on simulated time', () => {
    const system = createSystem({ clock: new VirtualClock(), seed: 3 });
    const home = system.spawn(thermostat, { id: 'thermostat' });
    const heater = system.spawn(boiler, { id: 'boiler' });
    const sensor = system.endpoint('sensor');
    const operator = system.endpoint('operator');
    const answers: Envelope[] = [];
    operator.inbox$.subscribe((e) => answers.push(e));
    const refusals: Envelope[] = [];
    sensor.inbox$.subscribe((e) => refusals.push(e));

    sensor.send(readingFor('thermostat', 14));
    system.run();
    expect(heater.actor.getSnapshot().context.memory).toEqual({ on: true, switched: 1 });
    expect(home.actor.getSnapshot().context.memory).toMatchObject({ heating: true, confirmed: true });

    operator.send(controlMessage('thermostat', 'pause'));
    sensor.send(readingFor('thermostat', 30));
    system.run();
    expect(heater.actor.getSnapshot().context.memory.on).toBe(true);
    expect(home.actor.getSnapshot().context.missed).toBe(1);

    operator.send(controlMessage('thermostat', 'resume'));
    sensor.send(readingFor('thermostat', 30));
    system.run();
    expect(heater.actor.getSnapshot().context.memory).toEqual({ on: false, switched: 2 });
    expect(answers.map((e) => e.content)).toEqual([
      { kind: 'agent-state', state: 'paused' },
      { kind: 'agent-state', state: 'active' },
    ]);
    expect(refusals.map((e) => e.performative)).toEqual(['refuse']); // the reading sent while paused
    expect(system.stats().deadLettered).toBe(0);
  });

  it('answers a request from an endpoint', async () => {
    const system = createSystem({ clock: new VirtualClock() });
    system.spawn(thermostat, { id: 'thermostat' });
    const app = system.endpoint('app');
    const setpoint: Message<Setpoint['content']> = {
      performative: 'request',
      receiver: 'thermostat',
      content: { kind: 'setpoint', celsius: 22 },
    };
    const answer = app.request(setpoint, 1000);
    system.run();
    await expect(answer).resolves.toMatchObject({
      performative: 'inform',
      content: { kind: 'setpoint', celsius: 22 },
    });
  });
});
