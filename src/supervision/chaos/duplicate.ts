import { PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault, targetMessages } from './fault.js';

/**
 * Delivers a share of the messages to and from the targets twice, with the same id, as an at-least-once
 * network may. Agents must be idempotent or notice.
 *
 * @example
 * chaosFaults.duplicate.apply(context)
 */
export const duplicate: ChaosFault = {
  name: 'duplicate',
  summary: 'delivers a share of the messages to and from an agent twice',
  defaultTargets: 2,
  apply(context) {
    const hit = targetMessages(context);
    const remove = context.port.intercept((envelope) => {
      if (!hit(envelope)) return PASS;
      context.touched();
      return { replace: [envelope, envelope] };
    });
    return activeFault(remove);
  },
};
