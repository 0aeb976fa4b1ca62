import type { AgentIdentity } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import type { Message } from '../../src/protocol/outbound.js';
import type { Random } from '../random-draws.js';

/** What a rule sees: the message perceived, the agent's memory and who the agent is. */
export interface RuleSituation<TMemory, TMessage> {
  readonly message: TMessage;
  readonly memory: Readonly<TMemory>;
  readonly agent: AgentIdentity;
}

/** What a rule's action does: fields of memory to overwrite, and messages to send. */
export interface RuleEffect<TMemory> {
  readonly memory?: Partial<TMemory>;
  readonly send?: readonly Message[];
}

/** A rule without its trigger: a name, a condition and an action. */
export interface RuleBody<TMemory, TMessage> {
  /** Unique among the agent's rules; the machine names the rule's guard and action `rule:<name>`. */
  readonly name: string;
  /** The condition. Omitted: the rule matches every message it is triggered by. */
  readonly when?: (situation: RuleSituation<TMemory, TMessage>) => boolean;
  /** The action. Omitted: the message is consumed and nothing else happens. */
  readonly act?: (
    situation: RuleSituation<TMemory, TMessage> & { readonly random: Random },
  ) => RuleEffect<TMemory> | undefined;
}

/**
 * One condition → action rule. `on` names the performative that triggers it, and narrows `message` to that
 * performative's events; without `on` the rule is tried on every message the agent perceives.
 */
export type ReactiveRule<TMemory, TEvent extends Inbound> =
  | (RuleBody<TMemory, TEvent> & { readonly on?: undefined })
  | {
      [P in TEvent['type']]: RuleBody<TMemory, Extract<TEvent, { readonly type: P }>> & { readonly on: P };
    }[TEvent['type']];

/** The name of a rule's guard and action in the machine, the key to override it with `.provide()`. */
export type RuleKey = `rule:${string}`;

/**
 * The key a rule's guard and action are registered under.
 *
 * @example
 * machine.provide({ guards: { [ruleKey('too-hot')]: () => false } })
 */
export function ruleKey(name: string): RuleKey {
  return `rule:${name}`;
}

/**
 * The rules that a message of performative `type` is tried against, in the order they were given.
 *
 * @example
 * rulesFor(rules, 'inform') // the rules with `on: 'inform'` or no `on`
 */
export function rulesFor<TRule extends { readonly on?: string }>(
  rules: readonly TRule[],
  type: string,
): TRule[] {
  return rules.filter((rule) => rule.on === undefined || rule.on === type);
}
