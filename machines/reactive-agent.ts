import { assign, enqueueActions, type MetaObject, type NonReducibleUnknown, setup } from 'xstate';
import type { AgentIdentity, AgentInput } from '../src/protocol/agent-identity.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, reply } from '../src/protocol/outbound.js';
import { PERFORMATIVES, type Performative } from '../src/protocol/performatives.js';
import { AgentDefinitionError } from './agent-definition-error.js';
import { type AgentStateReport, isControl, unknownCommand } from './reactive/agent-control.js';
import type { ReactiveContext, ReactiveEvent } from './reactive/reactive-context.js';
import { ruleImplementations } from './reactive/rule-implementations.js';
import { type ReactiveRule, type RuleKey, ruleKey, rulesFor } from './reactive/rules.js';

/** Spawn input: optional fields of memory that override the factory's initial memory for this agent. */
export type ReactiveInput<TMemory> = AgentInput<{ readonly memory?: Partial<TMemory> }>;

type MemoryOption<TMemory> =
  Record<never, never> extends TMemory
    ? { readonly memory?: TMemory | ((agent: AgentIdentity) => TMemory) }
    : { readonly memory: TMemory | ((agent: AgentIdentity) => TMemory) };

/** How to build a reactive agent. */
export type ReactiveAgentOptions<TMemory extends object, TEvent extends Inbound> = {
  /** The machine's id, shown by the inspector. Default `reactive-agent`. */
  readonly id?: string;
  /** Tried in order on each message; the first whose condition holds fires, and only it. */
  readonly rules: readonly ReactiveRule<TMemory, TEvent>[];
  /** What a message no rule matched gets: a `not-understood` reply (default) or nothing. Both are counted. */
  readonly unmatched?: 'not-understood' | 'ignore';
  /** What a message perceived while paused gets: a `refuse` reply (default) or nothing. Both are counted. */
  readonly whilePaused?: 'refuse' | 'ignore';
  /** Who may pause and resume the agent. Default: anyone. Others' control requests are refused. */
  readonly operators?: readonly AgentId[];
  /** Performatives to accept (and count as unmatched) beyond those the rules name. */
  readonly perceives?: readonly Performative[];
} & MemoryOption<TMemory>;

/** Replies to these would start an endless exchange of complaints between two agents. */
const NEVER_ANSWERED: ReadonlySet<Performative> = new Set(['not-understood', 'refuse', 'failure']);

const answerable = (message: Inbound, self: AgentIdentity) =>
  message.receiver === self.id && !NEVER_ANSWERED.has(message.performative);

function checkRules(rules: readonly { readonly name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of rules) {
    if (name === '')
      throw new AgentDefinitionError('a reactive rule has an empty name; give every rule a name');
    if (seen.has(name)) {
      throw new AgentDefinitionError(`two reactive rules are named '${name}'; rule names must be unique`);
    }
    seen.add(name);
  }
}

function perceivedTypes(
  rules: readonly { readonly on?: Performative }[],
  extra: readonly Performative[],
): Performative[] {
  if (rules.some((rule) => rule.on === undefined)) return [...PERFORMATIVES];
  const named = new Set<Performative>(['request', ...extra]);
  for (const rule of rules) if (rule.on !== undefined) named.add(rule.on);
  return PERFORMATIVES.filter((p) => named.has(p));
}

/** The machine's actions and their parameters: one per rule, plus the fallbacks and control. */
type ReactiveActions = Record<RuleKey, undefined> & {
  countUnmatched: undefined;
  countMissed: undefined;
  answerUnmatched: undefined;
  answerWhilePaused: undefined;
  refuseControl: undefined;
  refuseUnknownControl: undefined;
  reportState: { state: AgentStateReport['state'] };
};

/** The machine's guards: one per rule, plus control. */
type ReactiveGuards = Record<RuleKey, undefined> & {
  isForeignControl: undefined;
  isUnknownControl: undefined;
  isPause: undefined;
  isResume: undefined;
};

/** The machine's implementations: one guard and action per rule, plus pausing and the fallbacks. */
function reactiveSetup<TMemory extends object, TEvent extends Inbound>(
  options: ReactiveAgentOptions<TMemory, TEvent>,
) {
  const operators = options.operators === undefined ? undefined : new Set(options.operators);
  const isOperator = (sender: AgentId) => operators === undefined || operators.has(sender);
  const rules = ruleImplementations(options.rules);
  // Named explicitly: inferred from the spread, the `rule:*` keys would be lost and `.provide()` would
  // refuse them.
  return setup<
    ReactiveContext<TMemory>,
    ReactiveEvent<TEvent>,
    Record<never, never>,
    Record<never, never>,
    ReactiveActions,
    ReactiveGuards,
    never,
    string,
    ReactiveInput<TMemory>,
    NonReducibleUnknown,
    Outbound,
    MetaObject,
    MetaObject
  >({
    types: {} as {
      context: ReactiveContext<TMemory>;
      events: ReactiveEvent<TEvent>;
      input: ReactiveInput<TMemory>;
      emitted: Outbound;
    },
    guards: {
      ...rules.guards,
      isForeignControl: ({ event }) => isControl(event) && !isOperator(event.sender),
      isUnknownControl: ({ event }) => isControl(event) && unknownCommand(event) !== undefined,
      isPause: ({ event }) => isControl(event, 'pause'),
      isResume: ({ event }) => isControl(event, 'resume'),
    },
    actions: {
      ...rules.actions,
      countUnmatched: assign({ unmatched: ({ context }) => context.unmatched + 1 }),
      countMissed: assign({ missed: ({ context }) => context.missed + 1 }),
      answerUnmatched: enqueueActions(({ context, event, enqueue }) => {
        if (options.unmatched === 'ignore' || !answerable(event, context.agent)) return;
        const reason = `'${context.agent.id}' has no rule for this ${event.type}`;
        enqueue.emit(reply(event, 'not-understood', { kind: 'reason', reason }));
      }),
      answerWhilePaused: enqueueActions(({ context, event, enqueue }) => {
        if (options.whilePaused === 'ignore' || !answerable(event, context.agent)) return;
        const reason = `'${context.agent.id}' is paused; try again after it resumes`;
        enqueue.emit(reply(event, 'refuse', { kind: 'reason', reason }));
      }),
      refuseControl: enqueueActions(({ context, event, enqueue }) => {
        const reason = `'${event.sender}' may not pause or resume '${context.agent.id}'`;
        enqueue.emit(reply(event, 'refuse', { kind: 'reason', reason }));
      }),
      refuseUnknownControl: enqueueActions(({ event, enqueue }) => {
        if (!isControl(event)) return;
        const reason = `'${unknownCommand(event)}' is not a control command; send 'pause' or 'resume'`;
        enqueue.emit(reply(event, 'refuse', { kind: 'reason', reason }));
      }),
      reportState: enqueueActions(({ event, enqueue }, params: { state: AgentStateReport['state'] }) => {
        enqueue.emit(reply(event, 'inform', { kind: 'agent-state', state: params.state }));
      }),
    },
  });
}

const report = (state: AgentStateReport['state']) => ({ type: 'reportState', params: { state } }) as const;

/**
 * Control comes first on `request`: a stranger is refused, so is a command nobody knows (it must not reach
 * the rules, which are typed for other content), and the operator pauses or resumes.
 */
const control = (paused: boolean) =>
  [
    { guard: 'isForeignControl', actions: 'refuseControl' },
    { guard: 'isUnknownControl', actions: 'refuseUnknownControl' },
    paused
      ? ({ guard: 'isResume', target: 'active', actions: report('active') } as const)
      : ({ guard: 'isPause', target: 'paused', actions: report('paused') } as const),
    { guard: paused ? 'isPause' : 'isResume', actions: report(paused ? 'paused' : 'active') },
  ] as const;

/** While active: control, then the rules for this performative in order, then the fallback. */
const activeOn = (rules: readonly ReactiveRule<never, Inbound>[]) => (type: Performative) => [
  ...(type === 'request' ? control(false) : []),
  ...rulesFor(rules, type).map((rule) => ({ guard: ruleKey(rule.name), actions: ruleKey(rule.name) })),
  { actions: ['countUnmatched', 'answerUnmatched'] as const },
];

/** While paused: only control; everything else is counted and refused. */
const pausedOn = (type: Performative) => [
  ...(type === 'request' ? control(true) : []),
  { actions: ['countMissed', 'answerWhilePaused'] as const },
];

function buildReactiveAgent<TMemory extends object, TEvent extends Inbound>(
  options: ReactiveAgentOptions<TMemory, TEvent>,
) {
  checkRules(options.rules);
  const initialMemory = options.memory as TMemory | ((agent: AgentIdentity) => TMemory) | undefined;
  const types = perceivedTypes(options.rules, options.perceives ?? []);
  // Keyed by performative at run time; TypeScript cannot check a computed key set against the generic
  // event union, so the handlers are checked piecewise above and asserted here.
  const handlers = <T>(on: (type: Performative) => T) =>
    Object.fromEntries(types.map((type) => [type, on(type)])) as never;

  return reactiveSetup(options).createMachine({
    id: options.id ?? 'reactive-agent',
    context: ({ input }) => ({
      agent: input.agent,
      memory: { ...memoryFor(initialMemory, input.agent), ...input.memory },
      fired: {},
      unmatched: 0,
      missed: 0,
      rng: input.agent.seed,
    }),
    initial: 'active',
    states: {
      /** Each message fires the first rule whose condition holds. */
      active: { on: handlers(activeOn(options.rules as readonly ReactiveRule<never, Inbound>[])) },
      /** Paused by an operator: messages are counted (and refused), no rule runs. */
      paused: { on: handlers(pausedOn) },
    },
  });
}

function memoryFor<TMemory>(
  initial: TMemory | ((agent: AgentIdentity) => TMemory) | undefined,
  agent: AgentIdentity,
): TMemory {
  if (typeof initial === 'function') return (initial as (agent: AgentIdentity) => TMemory)(agent);
  return initial ?? ({} as TMemory);
}

/** The machine {@link reactiveAgent} builds for memory `TMemory` and messages `TEvent`. */
export type ReactiveAgentMachine<TMemory extends object, TEvent extends Inbound> = ReturnType<
  typeof buildReactiveAgent<TMemory, TEvent>
>;

/**
 * A reactive agent: ordered condition → action rules over the messages it perceives, first match wins.
 * Each rule becomes a guarded transition, in order, on the performatives it is about; its condition and
 * action are the named guard and action `rule:<name>`, so `.provide()` can replace either. A rule's action
 * can overwrite fields of memory and send messages. A message no rule matches is counted and answered
 * `not-understood` (or ignored). An operator pauses and resumes the agent with `agent-control` requests.
 *
 * @example
 * type Reading = Inbound<'inform', { kind: 'reading'; celsius: number }>;
 * const thermostat = reactiveAgent<{ heating: boolean }, Reading>({
 *   memory: { heating: false },
 *   rules: [
 *     { name: 'too-cold', on: 'inform', when: ({ message, memory }) => message.content.celsius < 18 && !memory.heating,
 *       act: () => ({ memory: { heating: true }, send: [{ performative: 'request', receiver: 'boiler', content: { kind: 'on' } }] }) },
 *     { name: 'warm-enough', on: 'inform', when: ({ message, memory }) => message.content.celsius > 21 && memory.heating,
 *       act: () => ({ memory: { heating: false } }) },
 *   ],
 * });
 * system.spawn(thermostat, { id: 'thermostat' });
 */
export function reactiveAgent<
  TMemory extends object = Record<never, never>,
  TEvent extends Inbound = Inbound,
>(options: ReactiveAgentOptions<TMemory, TEvent>): ReactiveAgentMachine<TMemory, TEvent> {
  return buildReactiveAgent(options);
}
