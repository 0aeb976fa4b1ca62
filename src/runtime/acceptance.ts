import type { AnyStateMachine } from 'xstate';

/** One predicate per machine, shared by all its agents: 100,000 agents of a kind need one, not 100,000. */
const cache = new WeakMap<AnyStateMachine, (type: string) => boolean>();

/**
 * Which event types a machine handles anywhere in its statechart, as a fast predicate. A message whose
 * performative fails it is answered `not-understood` instead of being silently ignored.
 */
export function acceptedEvents(machine: AnyStateMachine): (type: string) => boolean {
  let accepts = cache.get(machine);
  if (accepts === undefined) {
    accepts = computeAccepted(machine);
    cache.set(machine, accepts);
  }
  return accepts;
}

function computeAccepted(machine: AnyStateMachine): (type: string) => boolean {
  const events: readonly string[] = machine.events;
  if (events.includes('*')) return () => true;
  const exact = new Set(events.filter((e) => !e.endsWith('.*')));
  const prefixes = events.filter((e) => e.endsWith('.*')).map((e) => e.slice(0, -1));
  if (prefixes.length === 0) return (type) => exact.has(type);
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}
