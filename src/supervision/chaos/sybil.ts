import { sybil as sybilMachine } from '../../../machines/sybil.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Floods the system with Sybil identities: `settings.sybils` agents run by one adversary, registered with
 * the first target's capabilities, that flood it with the same claim and bid identically on every call for
 * proposals. They are removed when the fault is reverted.
 *
 * @example
 * chaosFaults.sybil.apply(context)
 */
export const sybil: ChaosFault = {
  name: 'sybil',
  summary: 'floods the system with fake identities acting in lockstep',
  defaultTargets: 1,
  apply(context) {
    const { port, step, settings } = context;
    const target = step.targets[0];
    const role = target === undefined ? undefined : port.agent(target);
    const ids: string[] = [];
    for (let i = 0; i < settings.sybils; i++) {
      const id = `chaos-sybil-${step.index}-${i + 1}`;
      port.spawn(sybilMachine, id, role?.capabilities ?? [], {
        target: target ?? id,
        everyMs: settings.sybilEveryMs,
      });
      ids.push(id);
      context.touched();
    }
    return activeFault(() => {
      for (const id of ids) if (port.agent(id) !== undefined) port.removeAgent(id);
    }, ids);
  },
};
