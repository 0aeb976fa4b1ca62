import { messageFault } from './message-fault.js';

/**
 * Reorders messages to and from the targets: a share of them is held back briefly so that messages sent
 * later on the same link overtake them.
 *
 * @example
 * chaosFaults.reorder.apply(context)
 */
export const reorder = messageFault(
  'reorder',
  'lets later messages to and from an agent overtake earlier ones',
  (_envelope, { rng, settings }) => ({ delay: 1 + rng.int(settings.reorderHoldMs) }),
);
