import { type GateVerdict, PASS } from '../../bus/interceptor.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Starves each target: its inbox is throttled to one delivery every `settings.starveIntervalMs`; the rest
 * wait in flight, in order. Reverting lifts the throttle without reordering: what arrives while earlier
 * messages are still held waits behind them.
 *
 * @example
 * chaosFaults.starve.apply(context)
 */
export const starve: ChaosFault = {
  name: 'starve',
  summary: 'throttles an agent’s inbox to a trickle',
  defaultTargets: 1,
  apply(context) {
    const { port, settings } = context;
    const throttles = context.step.targets.map((id) => {
      let nextSlot = port.clock.now();
      let lifted = false;
      const remove = port.gate(id, (): GateVerdict => {
        const now = port.clock.now();
        const wait = Math.max(0, nextSlot - now);
        if (!lifted) nextSlot = Math.max(now, nextSlot) + settings.starveIntervalMs;
        if (wait === 0) return PASS as GateVerdict;
        if (!lifted) context.touched();
        return { delay: wait };
      });
      return {
        lift: () => {
          lifted = true;
          const last = nextSlot - settings.starveIntervalMs;
          const wait = Math.max(0, last - port.clock.now());
          nextSlot = last;
          if (wait === 0) remove();
          else port.clock.setTimeout(remove, wait);
        },
      };
    });
    return activeFault(() => {
      for (const throttle of throttles) throttle.lift();
    });
  },
};
