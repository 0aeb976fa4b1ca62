import { messageFault } from './message-fault.js';

/**
 * Holds a share of the messages to and from the targets for a random time within the settings' range;
 * they stay in flight meanwhile, and are dead-lettered if the bus is sealed before they are let go.
 *
 * @example
 * chaosFaults.delay.apply(context)
 */
export const delay = messageFault(
  'delay',
  'holds a share of the messages to and from an agent back',
  (_envelope, { rng, settings }) => ({ delay: Math.round(rng.between(...settings.delayMs)) }),
);
