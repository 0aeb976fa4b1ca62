import { hostilePayloadFault } from './hostile-payload.js';
import { deeplyNestedPayloads } from './payloads.js';

/**
 * Injects envelopes nested 20,000 levels deep through the untrusted ingress, which refuses them without
 * recursing.
 *
 * @example
 * chaosFaults['deep-nesting'].apply(context)
 */
export const deepNesting = hostilePayloadFault(
  'deep-nesting',
  'injects deeply nested payloads from outside',
  (count, context, to) => deeplyNestedPayloads(count, context.rng, to),
);
