import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { AgentDefinitionError } from '../../machines/agent-definition-error.js';
import type { GoalEnd, Step } from '../../machines/bdi/bdi-types.js';
import { PlanFailure } from '../../machines/bdi/plan-failure.js';
import { BDI_RESUME, bdiAgent } from '../../machines/bdi-agent.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, SEND } from '../../src/protocol/outbound.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { inbound } from './messages.js';

/** A repairer that knows several ways to fix a thing, most of which fail. */
interface Beliefs {
  readonly fixed: boolean;
  readonly glue: boolean;
  readonly polish: boolean;
  readonly hopeless: boolean;
  readonly alarm: boolean;
  /** What the repairer did, step by step. */
  readonly done: readonly string[];
}
type Goals = { fix: undefined; silence: undefined };
type Fact = Inbound<'inform', { kind: 'fact'; beliefs: Partial<Beliefs> }>;
type Ask = Inbound<'request', { kind: 'goal'; goal: 'fix' | 'silence' }>;

const note =
  (what: string): Step<Beliefs, Goals, undefined> =>
  ({ beliefs }) => ({ beliefs: { done: [...beliefs.done, what] } });

const repairer = bdiAgent<Beliefs, Goals, Fact | Ask>({
  id: 'repairer',
  beliefs: { fixed: false, glue: false, polish: false, hopeless: false, alarm: false, done: [] },
  goals: {
    fix: { priority: 1, achieved: (b) => b.fixed, impossible: (b) => b.hopeless },
    silence: { priority: 5, achieved: (b) => !b.alarm },
  },
  plans: [
    { id: 'hammer', goal: 'fix', body: [note('hammer'), () => ({ fail: 'the hammer broke' })] },
    {
      id: 'wrench',
      goal: 'fix',
      body: [
        note('wrench'),
        () => {
          throw new PlanFailure('the wrench slipped');
        },
      ],
    },
    { id: 'polish', goal: 'fix', context: (b) => b.polish, body: [note('polish')] },
    {
      id: 'glue',
      goal: 'fix',
      context: (b) => b.glue,
      body: [
        note('glue'),
        note('glue-dry'),
        ({ beliefs }) => ({ beliefs: { fixed: true, done: [...beliefs.done, 'fixed'] } }),
      ],
    },
    {
      id: 'switch-off',
      goal: 'silence',
      body: [
        note('silence'),
        ({ beliefs }) => ({ beliefs: { alarm: false, done: [...beliefs.done, 'quiet'] } }),
      ],
    },
  ],
  perceives: ['inform', 'request'],
  perceive: (message) =>
    message.type === 'inform'
      ? { beliefs: message.content.beliefs }
      : { adopt: [{ goal: message.content.goal }] },
  onGoalEnd: (end) => [
    { performative: 'inform', receiver: 'log', content: { kind: 'ended', end: summary(end) } },
  ],
  stepDelay: 100,
});

const summary = (end: GoalEnd<Record<string, unknown>>) =>
  `${end.goal} ${end.outcome}${end.reason === undefined ? '' : `: ${end.reason}`}`;
const agent = { id: 'repairer', capabilities: [], seed: 11 };

function start(beliefs: Partial<Beliefs>, goals: readonly ('fix' | 'silence')[] = ['fix']) {
  const clock = new VirtualClock();
  const desires = goals.map((goal) => ({ goal }));
  const actor = createActor(repairer, { clock, input: { agent, beliefs, desires } });
  const sent: Outbound[] = [];
  actor.on(SEND, (e) => sent.push(e));
  actor.start();
  const context = () => actor.getSnapshot().context;
  const fact = (b: Partial<Beliefs>) => actor.send(inbound('inform', { kind: 'fact' as const, beliefs: b }));
  return { actor, clock, sent, context, fact };
}

describe('BDI agent: plans and failure', () => {
  it('tries the next applicable plan when one fails, until the goal is achieved', () => {
    const { clock, context, actor } = start({ glue: true, polish: true });
    expect(actor.getSnapshot().value).toBe('executing');
    clock.advance(10_000);
    expect(context().beliefs.done).toEqual(['hammer', 'wrench', 'polish', 'glue', 'glue-dry', 'fixed']);
    expect(context().ended.map(summary)).toEqual(['fix achieved']);
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('records why each plan failed while the goal is pursued', () => {
    const { clock, context } = start({ glue: true, polish: true });
    clock.advance(700); // hammer(2) + wrench(2) + polish(1) steps + 2 glue steps
    expect(context().intention).toEqual([
      expect.objectContaining({
        goal: 'fix',
        plan: 'glue',
        failures: [
          { plan: 'hammer', reason: 'the hammer broke' },
          { plan: 'wrench', reason: 'the wrench slipped' },
          { plan: 'polish', reason: 'it ended without achieving the goal' },
        ],
      }),
    ]);
  });

  it('drops the goal with the reasons when every plan has failed', () => {
    const { clock, context, actor, sent } = start({});
    clock.advance(10_000);
    const reason = 'no plan left to try (hammer: the hammer broke; wrench: the wrench slipped)';
    expect(context().ended).toEqual([{ goal: 'fix', id: 'fix', outcome: 'dropped', reason, subgoal: false }]);
    expect(context()).toMatchObject({ intention: [], desires: [] });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(sent.map((m) => m.content)).toEqual([{ kind: 'ended', end: `fix dropped: ${reason}` }]);
  });

  it('fails the agent, not the plan, when a step throws something other than a PlanFailure', () => {
    const buggy = bdiAgent<object, { fix: undefined }>({
      beliefs: {},
      goals: { fix: { achieved: () => false } },
      plans: [
        {
          id: 'p',
          goal: 'fix',
          body: [
            () => {
              throw new TypeError('a bug in a step');
            },
          ],
        },
      ],
      desires: [{ goal: 'fix' }],
    });
    const clock = new VirtualClock();
    const actor = createActor(buggy, { clock, input: { agent } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    clock.advance(1000);
    expect(actor.getSnapshot().status).toBe('error');
    expect(errors).toEqual([new TypeError('a bug in a step')]);
  });

  it('runs one step per step delay, and a harmless perception does not hold a step up', () => {
    const { clock, context, fact } = start({ glue: true });
    clock.advance(50);
    fact({ polish: false });
    clock.advance(50);
    expect(context().beliefs.done).toEqual(['hammer']);
    expect(context().steps).toBe(1);
  });
});

describe('BDI agent: reconsideration', () => {
  it('sets the intention aside for a more important goal, then resumes it where it stopped', () => {
    const { clock, context, actor } = start({ glue: true, alarm: true }, []);
    actor.send(inbound('request', { kind: 'goal' as const, goal: 'fix' as const }));
    clock.advance(550); // hammer, wrench fail; now in glue
    expect(context().beliefs.done).toEqual(['hammer', 'wrench', 'glue']);
    actor.send(inbound('request', { kind: 'goal' as const, goal: 'silence' as const }));
    expect(context().suspended).toHaveLength(1);
    clock.advance(10_000);
    expect(context().beliefs.done).toEqual([
      'hammer',
      'wrench',
      'glue',
      'silence',
      'quiet',
      'glue-dry',
      'fixed',
    ]);
    expect(context().ended.map(summary)).toEqual(['silence achieved', 'fix achieved']);
  });

  it('gives up a plan whose context stops holding mid-plan', () => {
    const { clock, context, fact } = start({ glue: true });
    clock.advance(550);
    fact({ glue: false });
    clock.advance(10_000);
    expect(context().beliefs.done).toEqual(['hammer', 'wrench', 'glue']);
    expect(context().ended.map(summary)).toEqual([
      'fix dropped: no plan left to try (hammer: the hammer broke; wrench: the wrench slipped; glue: its context no longer holds)',
    ]);
  });

  it('ends the goal as achieved when a perception shows it is, without finishing the plan', () => {
    const { clock, context, fact, actor } = start({ glue: true });
    clock.advance(550);
    fact({ fixed: true });
    expect(actor.getSnapshot().value).toBe('idle');
    clock.advance(10_000);
    expect(context().beliefs.done).toEqual(['hammer', 'wrench', 'glue']);
    expect(context().ended.map(summary)).toEqual(['fix achieved']);
  });

  it('ends an impossible goal', () => {
    const { clock, context, fact } = start({ glue: true });
    clock.advance(150);
    fact({ hopeless: true });
    clock.advance(10_000);
    expect(context().ended.map(summary)).toEqual(['fix impossible: it became impossible']);
    expect(context().beliefs.done).toEqual(['hammer']);
  });

  it('moves on at once when the desire it pursues is withdrawn', () => {
    type Jobs = { long: undefined; short: undefined };
    const worker = bdiAgent<{ shortDone: boolean }, Jobs, Inbound<'cancel', { kind: 'cancel' }>>({
      beliefs: { shortDone: false },
      goals: {
        long: { priority: 2, achieved: () => false },
        short: { priority: 1, achieved: (b) => b.shortDone },
      },
      plans: [
        { id: 'grind', goal: 'long', body: [() => ({ repeat: true })] },
        { id: 'finish', goal: 'short', body: [() => ({ beliefs: { shortDone: true } })] },
      ],
      desires: [{ goal: 'long' }, { goal: 'short' }],
      perceives: ['cancel'],
      perceive: () => ({ withdraw: [{ goal: 'long' }] }),
    });
    const clock = new VirtualClock();
    const actor = createActor(worker, { clock, input: { agent } }).start();
    clock.advance(150);
    actor.send(inbound('cancel', { kind: 'cancel' as const }));
    expect(actor.getSnapshot().context.intention).toEqual([expect.objectContaining({ goal: 'short' })]);
    clock.advance(100); // one step delay after the withdrawal, not two
    expect(actor.getSnapshot().context.ended.map(summary)).toEqual([
      'long dropped: withdrawn',
      'short achieved',
    ]);
  });

  it('waits idle for a desire no plan applies to yet, and pursues it once one does', () => {
    const noFallbacks = bdiAgent<Pick<Beliefs, 'glue' | 'fixed'>, { fix: undefined }>({
      beliefs: { glue: false, fixed: false },
      goals: { fix: { achieved: (b) => b.fixed } },
      plans: [
        { id: 'glue', goal: 'fix', context: (b) => b.glue, body: [() => ({ beliefs: { fixed: true } })] },
      ],
      desires: [{ goal: 'fix' }],
      perceives: ['inform'],
      perceive: () => ({ beliefs: { glue: true } }),
    });
    const clock = new VirtualClock();
    const actor = createActor(noFallbacks, { clock, input: { agent } }).start();
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send(inbound('inform', { kind: 'glue-delivered' }));
    clock.advance(1000);
    expect(actor.getSnapshot().context.ended.map((e) => e.outcome)).toEqual(['achieved']);
  });
});

describe('BDI agent: definition and persistence', () => {
  it('refuses duplicate plan ids and plans for undeclared goals', () => {
    const goals = { fix: { achieved: () => false } };
    const body = [() => undefined];
    expect(() =>
      bdiAgent<object, { fix: undefined }>({
        beliefs: {},
        goals,
        plans: [
          { id: 'p', goal: 'fix', body },
          { id: 'p', goal: 'fix', body },
        ],
      }),
    ).toThrow(AgentDefinitionError);
    expect(() =>
      bdiAgent<object, { fix: undefined }>({
        beliefs: {},
        goals,
        plans: [{ id: 'p', goal: 'mend' as 'fix', body }],
      }),
    ).toThrow(/not declared/);
  });

  it('refuses a perceive with no performatives to perceive', () => {
    expect(() =>
      bdiAgent<object, { fix: undefined }>({
        beliefs: {},
        goals: { fix: { achieved: () => false } },
        plans: [],
        perceive: () => undefined,
      }),
    ).toThrow(/no `perceives`/);
  });

  it('reports every goal that ends, even more at once than it keeps', () => {
    type Chores = { dishes: undefined; laundry: undefined; floor: undefined };
    const done = (b: { done: boolean }) => b.done;
    const household = bdiAgent<{ done: boolean }, Chores, Fact>({
      beliefs: { done: false },
      goals: { dishes: { achieved: done }, laundry: { achieved: done }, floor: { achieved: done } },
      plans: [{ id: 'scrub', goal: 'dishes', body: [() => ({ repeat: true })] }],
      desires: [{ goal: 'dishes' }, { goal: 'laundry' }, { goal: 'floor' }],
      perceives: ['inform'],
      perceive: () => ({ beliefs: { done: true } }),
      onGoalEnd: (end) => [
        { performative: 'inform', receiver: 'log', content: { kind: 'ended', end: end.goal } },
      ],
      keepEnded: 1,
    });
    const clock = new VirtualClock();
    const actor = createActor(household, { clock, input: { agent } });
    const sent: Outbound[] = [];
    actor.on(SEND, (e) => sent.push(e));
    actor.start();
    clock.advance(150);
    actor.send(inbound('inform', { kind: 'fact' as const, beliefs: {} }));
    expect(sent.map((m) => m.content)).toEqual(
      ['dishes', 'laundry', 'floor'].map((end) => ({ kind: 'ended', end })),
    );
    expect(actor.getSnapshot().context.ended).toHaveLength(1);
  });

  it('restores a persisted snapshot mid-plan and carries on to the same end', () => {
    const whole = start({ glue: true });
    whole.clock.advance(10_000);

    const first = start({ glue: true });
    first.clock.advance(650);
    const snapshot = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();
    const clock = new VirtualClock(650);
    const restored = createActor(repairer, { clock, snapshot, input: { agent } }).start();
    expect(restored.getSnapshot().value).toBe('executing');
    const steps = first.context().steps;
    clock.advance(99);
    expect(restored.getSnapshot().context.steps).toBe(steps); // the step timer is re-armed in full…
    clock.advance(1);
    expect(restored.getSnapshot().context.steps).toBe(steps + 1); // …and fires
    clock.advance(10_000);
    expect(restored.getSnapshot().context.beliefs).toEqual(whole.context().beliefs);
    expect(restored.getSnapshot().context.ended).toEqual(whole.context().ended);
  });

  it('lets .provide() change the step delay and the reasoning', () => {
    const hasty = repairer.provide({ delays: { step: 10 } });
    const clock = new VirtualClock();
    const actor = createActor(hasty, {
      clock,
      input: { agent, beliefs: { glue: true }, desires: [{ goal: 'fix' }] },
    });
    actor.start();
    clock.advance(70);
    expect(actor.getSnapshot().context.ended.map(summary)).toEqual(['fix achieved']);
    const stubborn = repairer.provide({ guards: { mustReconsider: () => false } });
    const other = createActor(stubborn, {
      clock,
      input: { agent, beliefs: { glue: true }, desires: [{ goal: 'fix' }] },
    });
    other.start();
    clock.advance(550);
    other.send(inbound('inform', { kind: 'fact' as const, beliefs: { fixed: true } }));
    expect(other.getSnapshot().value).toBe('executing'); // did not reconsider at once
  });

  it('takes bdi.resume while executing without losing or doubling a step', () => {
    const { clock, context, actor } = start({ glue: true });
    clock.advance(50);
    actor.send({ type: BDI_RESUME });
    clock.advance(10_000);
    expect(context().beliefs.done).toEqual(['hammer', 'wrench', 'glue', 'glue-dry', 'fixed']);
  });

  it('is deterministic under a seed', () => {
    type Coin = { flips: readonly number[] };
    const flipper = bdiAgent<Coin, { flip: undefined }>({
      beliefs: { flips: [] },
      goals: { flip: { achieved: (b) => b.flips.length >= 6 } },
      plans: [
        {
          id: 'toss',
          goal: 'flip',
          body: [
            ({ beliefs, random }) => ({
              beliefs: { flips: [...beliefs.flips, random() < 0.5 ? 0 : 1] },
              repeat: true,
            }),
          ],
        },
      ],
      desires: [{ goal: 'flip' }],
    });
    const flips = (seed: number) => {
      const clock = new VirtualClock();
      const actor = createActor(flipper, { clock, input: { agent: { ...agent, seed } } }).start();
      clock.advance(10_000);
      return actor.getSnapshot().context.beliefs.flips.join('');
    };
    expect(flips(5)).toBe(flips(5));
    expect(new Set([1, 2, 3, 4, 5, 6].map(flips)).size).toBeGreaterThan(1);
  });
});
