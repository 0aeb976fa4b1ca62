import { PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault, targetMessages } from './fault.js';

/**
 * Reorders messages to and from the targets: a share of them is held back briefly so that messages sent
 * later on the same link overtake them.
 *
 * @example
 * chaosFaults.reorder.apply(context)
 */
export const reorder: ChaosFault = {
  name: 'reorder',
  summary: 'lets later messages to and from an agent overtake earlier ones',
  defaultTargets: 2,
  apply(context) {
    const hit = targetMessages(context);
    const hold = context.settings.reorderHoldMs;
    const remove = context.port.intercept((envelope) => {
      if (!hit(envelope)) return PASS;
      context.touched();
      return { delay: 1 + context.rng.int(hold) };
    });
    return activeFault(remove);
  },
};
