import { PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault, targetMessages } from './fault.js';

/**
 * Drops a share of the messages to and from the targets. Each becomes a dead letter (`dropped`) naming
 * the fault, so the bus still accounts for it.
 *
 * @example
 * chaosFaults.drop.apply(context)
 */
export const drop: ChaosFault = {
  name: 'drop',
  summary: 'loses a share of the messages to and from an agent',
  defaultTargets: 2,
  apply(context) {
    const hit = targetMessages(context);
    const remove = context.port.intercept((envelope) => {
      if (!hit(envelope)) return PASS;
      context.touched();
      return { drop: `${context.tag}: dropped in transit` };
    });
    return activeFault(remove);
  },
};
