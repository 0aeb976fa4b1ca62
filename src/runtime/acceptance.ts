import type { AnyStateMachine } from 'xstate';

/**
 * Which event types a machine handles anywhere in its statechart, as a fast predicate. A message whose
 * performative fails it is answered `not-understood` instead of being silently ignored. Built once per
 * machine and system: the agents of one machine share it through their blueprint.
 */
export function acceptedEvents(machine: AnyStateMachine): (type: string) => boolean {
  const events: readonly string[] = machine.events;
  if (events.includes('*')) return () => true;
  const exact = new Set(events.filter((e) => !e.endsWith('.*')));
  const prefixes = events.filter((e) => e.endsWith('.*')).map((e) => e.slice(0, -1));
  if (prefixes.length === 0) return (type) => exact.has(type);
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}
