import { Schema } from 'effect';
import { kind, optionalField, Text } from './content.js';

/** The system topic that carries lifecycle events. */
export const LIFECYCLE_TOPIC = 'polis.lifecycle';

/** What happened to an agent. Supervision adds its own decisions (`restarting`, `escalated`, …). */
export const LifecycleEvent = Schema.Literal(
  'spawned',
  'stopped',
  'failed',
  'restarting',
  'restarted',
  'escalated',
  'halted',
  'resumed',
  'circuit-opened',
  'circuit-closed',
);
export type LifecycleEvent = Schema.Schema.Type<typeof LifecycleEvent>;

/** An error as it travels: enough to read, nothing that cannot be serialized. */
export const ErrorInfo = Schema.Struct({ name: Text, message: Schema.String.pipe(Schema.maxLength(4096)) });
export type ErrorInfo = Schema.Schema.Type<typeof ErrorInfo>;

/** The content of an `inform` on the lifecycle topic. */
export const LifecycleContent = Schema.Struct({
  kind: kind('lifecycle'),
  event: LifecycleEvent,
  agent: Schema.String,
  /** Why it happened, in words. */
  reason: optionalField(Text),
  error: optionalField(ErrorInfo),
});
export type LifecycleContent = Schema.Schema.Type<typeof LifecycleContent>;

/** Turns anything thrown into an {@link ErrorInfo}. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 4096) };
  return { name: 'Error', message: String(error).slice(0, 4096) };
}
