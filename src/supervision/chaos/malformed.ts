import { hostilePayloadFault } from './hostile-payload.js';
import { malformedPayloads } from './payloads.js';

/**
 * Injects malformed envelopes (unknown performative, look-alike sender, mistyped bid) through the
 * untrusted ingress, which must refuse them all.
 *
 * @example
 * chaosFaults.malformed.apply(context)
 */
export const malformed = hostilePayloadFault(
  'malformed',
  'injects malformed envelopes from outside',
  (count, context, to) => malformedPayloads(count, context.rng, to),
);
