import { type AgentId, idProblem } from './ids.js';

/**
 * Where an envelope goes, as one JSON-friendly string: an agent id (`bidder-3`), a topic (`#market.tasks`),
 * or everyone (`*`). Agent ids cannot contain `#` or `*`, so the three never collide.
 */
export type Receiver = AgentId | `#${string}` | '*';

/** Every agent except the sender. */
export const BROADCAST = '*' as const;

/**
 * The receiver for a topic.
 *
 * @example
 * send({ receiver: topic('market.tasks'), performative: 'inform', content })
 */
export function topic(name: string): `#${string}` {
  return `#${name}`;
}

export type ReceiverKind = 'agent' | 'topic' | 'broadcast';

/** Which of the three kinds of receiver `receiver` is. */
export function receiverKind(receiver: Receiver): ReceiverKind {
  if (receiver === BROADCAST) return 'broadcast';
  return receiver.charCodeAt(0) === 35 /* # */ ? 'topic' : 'agent';
}

/** The topic name of a topic receiver (`#a.b` → `a.b`). */
export function topicName(receiver: `#${string}`): string {
  return receiver.slice(1);
}

/** Why `value` is not a receiver, or `undefined`. */
export function receiverProblem(value: unknown): string | undefined {
  if (value === BROADCAST) return undefined;
  if (typeof value === 'string' && value.startsWith('#')) return idProblem(value.slice(1), 'topic name');
  return idProblem(value, 'receiver');
}
