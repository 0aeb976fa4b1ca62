import { assign, setup } from 'xstate';
import type { Refusal } from '../src/bus/dead-letter.js';
import { Mailbox } from '../src/bus/mailbox.js';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { Envelope, Inbound } from '../src/protocol/envelope.js';
import { EnvelopeEvent } from '../src/protocol/envelope-event.js';

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

const TICK: Tick = { kind: 'tick' };

/**
 * Complete envelopes built ahead of time (as a transport would hand them over), one per receiver given.
 *
 * @example
 * const envelopes = prebuiltEnvelopes(['sink', 'sink']);
 */
export function prebuiltEnvelopes(receivers: readonly string[]): EnvelopeEvent<Tick, 'inform'>[] {
  return receivers.map(
    (receiver, i) =>
      new EnvelopeEvent(
        `pre.${i.toString(36)}`,
        'inform',
        'main',
        receiver,
        TICK,
        'normal',
        0,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ),
  );
}
