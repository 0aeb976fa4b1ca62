import { type AnyActorRef, assign, createActor, setup } from 'xstate';
import type { Refusal } from '../src/bus/dead-letter.js';
import { Mailbox } from '../src/bus/mailbox.js';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { Envelope, Inbound } from '../src/protocol/envelope.js';

export type Tick = { kind: 'tick' };

/** The trivial machine the bus-cost kernels deliver to: one self-transition that counts. */
export const sink = setup({
  types: {} as { context: { count: number }; input: AgentInput; events: Inbound<'inform', Tick> },
  actions: { count: assign({ count: ({ context }) => context.count + 1 }) },
}).createMachine({
  id: 'sink',
  context: { count: 0 },
  on: { inform: { actions: 'count' } },
});

/** The id of sink `i` when a kernel has many. */
export function sinkId(i: number): string {
  return `sink-${i}`;
}

/**
 * A started bare root actor of `sink`, with no wiring: the baseline that is handed events by `actor.send`.
 *
 * @example
 * bareSink('sink').send({ type: 'inform', sender: 'main', content: { kind: 'tick' } });
 */
export function bareSink(id: string): AnyActorRef {
  return createActor(sink, { input: { agent: { id, capabilities: [], seed: 0 } } }).start();
}

/** How many messages the sink actors have counted, all together. */
export function counted(actors: readonly AnyActorRef[]): number {
  let sum = 0;
  for (const actor of actors) sum += actor.getSnapshot().context.count as number;
  return sum;
}

/** A mailbox that only counts what it is given: the bus's own cost, without any actor behind it. */
export class CountingMailbox extends Mailbox {
  readonly kind = 'agent';
  count = 0;

  constructor(id: string) {
    super(id, Number.POSITIVE_INFINITY);
  }

  deliver(_envelope: Envelope): Refusal | undefined {
    this.count++;
    return undefined;
  }
}
