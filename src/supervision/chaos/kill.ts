import { activeFault, type ChaosFault } from './fault.js';

/**
 * Kills each target: the runtime stops it as if from outside. A supervisor sees an unexpected stop and
 * restarts permanent children.
 *
 * @example
 * chaosFaults.kill.apply(context)
 */
export const kill: ChaosFault = {
  name: 'kill',
  summary: 'stops an agent abruptly, from outside',
  defaultTargets: 1,
  apply(context) {
    for (const id of context.step.targets) {
      const agent = context.port.agent(id);
      if (agent === undefined || agent.status !== 'running') continue;
      context.port.stopAgent(id, `${context.tag}: killed`);
      context.touched();
    }
    return activeFault(() => {});
  },
};
