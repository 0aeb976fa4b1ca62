import { byzantineBidder } from '../../../machines/byzantine-bidder.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Brings in a Byzantine agent that impersonates the first target's role: it registers the same
 * capabilities, answers every call for proposals with a false, irresistible bid, reneges on every award
 * and votes falsely. It is removed when the fault is reverted.
 *
 * @example
 * chaosFaults.byzantine.apply(context)
 */
export const byzantine: ChaosFault = {
  name: 'byzantine',
  summary: 'adds an agent that bids or votes falsely',
  defaultTargets: 1,
  apply(context) {
    const { port, step } = context;
    const role = step.targets[0] === undefined ? undefined : port.agent(step.targets[0]);
    const id = `chaos-byzantine-${step.index}`;
    port.spawn(byzantineBidder, id, role?.capabilities ?? [], {});
    context.touched();
    return activeFault(() => {
      if (port.agent(id) !== undefined) port.removeAgent(id);
    }, [id]);
  },
};
