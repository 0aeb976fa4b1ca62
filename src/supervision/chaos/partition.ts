import { type GateVerdict, PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Partitions the targets from every other agent: messages between the two sides, direct, topic or
 * broadcast, are dropped at the receiver's inbox (dead letters naming the fault). Traffic within each
 * side, and with the system's own services and endpoints, flows as before.
 *
 * @example
 * chaosFaults.partition.apply(context)
 */
export const partition: ChaosFault = {
  name: 'partition',
  summary: 'cuts a set of agents off from the rest',
  defaultTargets: 2,
  apply(context) {
    const { port, tag } = context;
    const inside = new Set(context.step.targets);
    const removals = port.agents().map((agent) => {
      const here = inside.has(agent.id);
      return port.gate(agent.id, (envelope): GateVerdict => {
        const sender = port.agent(envelope.sender);
        if (sender === undefined || inside.has(envelope.sender) === here) return PASS as GateVerdict;
        context.touched();
        return {
          drop: `${tag}: '${envelope.sender}' and '${agent.id}' are on different sides of a partition`,
        };
      });
    });
    return activeFault(() => {
      for (const remove of removals) remove();
    });
  },
};
