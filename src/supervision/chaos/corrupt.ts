import type { Verdict } from '../../bus/interceptor.js';
import { decodeEnvelopeJson } from '../../protocol/decode.js';
import type { Envelope } from '../../protocol/envelope.js';
import { toEnvelopeEvent } from '../../protocol/envelope-event.js';
import { polisContents } from '../../protocol/polis-contents.js';
import type { Rng } from '../../protocol/random.js';
import { messageFault } from './message-fault.js';

/** How a message's bytes are damaged. Each breaks what a decoder checks, as line noise does. */
export type Corruption = 'truncate' | 'control-byte' | 'wrong-type';

const CORRUPTIONS: readonly Corruption[] = ['truncate', 'control-byte', 'wrong-type'];

/**
 * The JSON of `envelope`, damaged by `corruption` at a place `rng` picks.
 *
 * @example
 * corruptText(envelope, 'truncate', createRng(1)) // '{"id":"n1.0","perfo'
 */
export function corruptText(envelope: Envelope, corruption: Corruption, rng: Rng): string {
  const text = JSON.stringify(envelope);
  switch (corruption) {
    case 'truncate':
      return text.slice(0, 1 + rng.int(text.length - 1));
    case 'control-byte': {
      const at = 1 + rng.int(text.length - 1);
      return `${text.slice(0, at)}\u0001${text.slice(at)}`;
    }
    case 'wrong-type': {
      const damaged = { ...JSON.parse(text), sentAt: 'yesterday', performative: rng.int(1000) };
      return JSON.stringify(damaged);
    }
  }
}

/**
 * Corrupts a share of the messages to and from the targets on the wire: their JSON is damaged, then
 * decoded as any receiving node would. The decoder refuses it, and it becomes a dead letter (`invalid`)
 * with the decoder's words; no agent ever sees it. (Should damage ever leave a valid envelope, that is
 * delivered instead, as on a real wire.)
 *
 * @example
 * chaosFaults.corrupt.apply(context)
 */
export const corrupt = messageFault(
  'corrupt',
  'damages the bytes of a share of the messages to and from an agent',
  (envelope, { rng, tag }): Verdict => {
    const corruption = rng.pick(CORRUPTIONS);
    const decoded = decodeEnvelopeJson(corruptText(envelope, corruption, rng), { contents: polisContents });
    if (decoded.ok) return { replace: [toEnvelopeEvent(decoded.value)] };
    return {
      drop: `${tag}: corrupted in transit (${corruption}); refused by the decoder: ${decoded.error.message}`,
      reason: 'invalid',
    };
  },
);
