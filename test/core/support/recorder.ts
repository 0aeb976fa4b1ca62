import { assign, setup } from 'xstate';
import type { Agent, Envelope, Inbound } from './core.js';

/** Keeps every `inform` and `request` it receives and never answers: a sink, or a server that stays silent. */
export const recorder = setup({
  types: {} as { context: { seen: Envelope[] }; events: Inbound<'inform'> | Inbound<'request'> },
  actions: { keep: assign({ seen: ({ context, event }) => [...context.seen, event] }) },
}).createMachine({
  id: 'recorder',
  context: { seen: [] },
  on: { inform: { actions: 'keep' }, request: { actions: 'keep' } },
});

/** What a recorder agent has received so far. */
export function seenBy(agent: Agent | undefined): Envelope[] {
  if (agent === undefined) throw new Error('no such agent');
  return (agent.actor.getSnapshot() as { context: { seen: Envelope[] } }).context.seen;
}
