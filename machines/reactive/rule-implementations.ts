import { type ActionFunction, enqueueActions } from 'xstate';
import type { Inbound } from '../../src/protocol/envelope.js';
import { type Outbound, outbound } from '../../src/protocol/outbound.js';
import { withDraws } from '../random-draws.js';
import type { ReactiveContext, ReactiveEvent } from './reactive-context.js';
import { type ReactiveRule, type RuleKey, ruleKey } from './rules.js';

type RuleArgs<TMemory, TEvent extends Inbound> = {
  readonly context: ReactiveContext<TMemory>;
  readonly event: ReactiveEvent<TEvent>;
};

/** A rule's condition as a machine guard. */
export type RuleGuard<TMemory, TEvent extends Inbound> = (args: RuleArgs<TMemory, TEvent>) => boolean;

/** A rule's action as a machine action. */
export type RuleAction<TMemory, TEvent extends Inbound> = ActionFunction<
  ReactiveContext<TMemory>,
  ReactiveEvent<TEvent>,
  ReactiveEvent<TEvent>,
  undefined,
  never,
  never,
  never,
  never,
  Outbound
>;

/** The guards and actions rules become, keyed `rule:<name>`. */
export interface RuleImplementations<TMemory, TEvent extends Inbound> {
  readonly guards: Record<RuleKey, RuleGuard<TMemory, TEvent>>;
  readonly actions: Record<RuleKey, RuleAction<TMemory, TEvent>>;
}

const situation = <TMemory, TEvent extends Inbound>({ context, event }: RuleArgs<TMemory, TEvent>) => ({
  message: event as never,
  memory: context.memory,
  agent: context.agent,
});

function ruleAction<TMemory, TEvent extends Inbound>(
  rule: ReactiveRule<TMemory, TEvent>,
): RuleAction<TMemory, TEvent> {
  type Context = ReactiveContext<TMemory>;
  type Event = ReactiveEvent<TEvent>;
  return enqueueActions<Context, Event, undefined, Event, never, never, never, never, Outbound>(
    ({ context, event, enqueue }) => {
      const [effect, rng] = withDraws(context.rng, (random) =>
        rule.act?.({ ...situation({ context, event }), random }),
      );
      const memory = effect?.memory === undefined ? context.memory : { ...context.memory, ...effect.memory };
      const fired = { ...context.fired, [rule.name]: (context.fired[rule.name] ?? 0) + 1 };
      enqueue.assign({ memory, fired, rng });
      for (const message of effect?.send ?? []) enqueue.emit(outbound(message));
    },
  );
}

/**
 * The named guard and action each rule becomes in a reactive agent's machine. The factory uses it, and
 * so can you: pass the result to `.provide()` to replace rules, by name, with new ones.
 *
 * @example
 * const lenient = thermostat.provide(
 *   ruleImplementations<ThermostatMemory, Reading>([{ name: 'too-cold', on: 'inform', when: () => false }]),
 * );
 */
export function ruleImplementations<TMemory, TEvent extends Inbound>(
  rules: readonly ReactiveRule<TMemory, TEvent>[],
): RuleImplementations<TMemory, TEvent> {
  const guards: Record<RuleKey, RuleGuard<TMemory, TEvent>> = {};
  const actions: Record<RuleKey, RuleAction<TMemory, TEvent>> = {};
  for (const rule of rules) {
    guards[ruleKey(rule.name)] = (args) => rule.when?.(situation(args)) ?? true;
    actions[ruleKey(rule.name)] = ruleAction(rule);
  }
  return { guards, actions };
}
