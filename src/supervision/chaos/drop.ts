import { messageFault } from './message-fault.js';

/**
 * Drops a share of the messages to and from the targets. Each becomes a dead letter (`dropped`) naming
 * the fault, so the bus still accounts for it.
 *
 * @example
 * chaosFaults.drop.apply(context)
 */
export const drop = messageFault(
  'drop',
  'loses a share of the messages to and from an agent',
  (_envelope, context) => ({ drop: `${context.tag}: dropped in transit` }),
);
