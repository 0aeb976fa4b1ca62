import { PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault, targetMessages } from './fault.js';

/**
 * Holds a share of the messages to and from the targets for a random time within the settings' range;
 * they stay in flight meanwhile, and are dead-lettered if the bus is sealed before they are let go.
 *
 * @example
 * chaosFaults.delay.apply(context)
 */
export const delay: ChaosFault = {
  name: 'delay',
  summary: 'holds a share of the messages to and from an agent back',
  defaultTargets: 2,
  apply(context) {
    const hit = targetMessages(context);
    const [min, max] = context.settings.delayMs;
    const remove = context.port.intercept((envelope) => {
      if (!hit(envelope)) return PASS;
      context.touched();
      return { delay: Math.round(context.rng.between(min, max)) };
    });
    return activeFault(remove);
  },
};
