import { InjectedFault } from '../supervision-errors.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Makes each target throw: it fails exactly as if its machine had thrown ({@link InjectedFault}), and a
 * supervisor sees a `failed` lifecycle event.
 *
 * @example
 * chaosFaults.throw.apply(context)
 */
export const throwFault: ChaosFault = {
  name: 'throw',
  summary: 'makes an agent fail as if its code threw',
  defaultTargets: 1,
  apply(context) {
    for (const id of context.step.targets) {
      const agent = context.port.agent(id);
      if (agent === undefined || agent.status !== 'running') continue;
      context.port.failAgent(id, new InjectedFault(context.tag));
      context.touched();
    }
    return activeFault(() => {});
  },
};
