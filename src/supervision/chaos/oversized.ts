import { hostilePayloadFault } from './hostile-payload.js';
import { oversizedPayloads } from './payloads.js';

/**
 * Injects envelopes far over the byte limit through the untrusted ingress, which refuses them before
 * parsing.
 *
 * @example
 * chaosFaults.oversized.apply(context)
 */
export const oversized = hostilePayloadFault(
  'oversized',
  'injects oversized envelopes from outside',
  (count, context, to) => oversizedPayloads(count, context.rng, to),
);
