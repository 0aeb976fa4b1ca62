import { PASS, type Verdict } from '../../bus/interceptor.js';
import type { Envelope } from '../../protocol/envelope.js';
import type { ChaosFaultName } from '../../protocol/supervision-content.js';
import { activeFault, type ChaosFault, type FaultContext } from './fault.js';

/**
 * A fault on messages sent by or addressed to its targets: each is picked with the settings' probability
 * from the step's generator, counted as touched, and handed to `verdict` (drop, delay, replace…) on the bus.
 * Reverting removes the interceptor.
 *
 * @example
 * const drop = messageFault('drop', 'loses messages', (_envelope, context) => ({ drop: context.tag }));
 */
export function messageFault(
  name: ChaosFaultName,
  summary: string,
  verdict: (envelope: Envelope, context: FaultContext) => Verdict,
): ChaosFault {
  return {
    name,
    summary,
    defaultTargets: 2,
    apply(context) {
      const targets = new Set(context.step.targets);
      const { rng, settings } = context;
      const remove = context.port.intercept((envelope) => {
        const hit =
          (targets.has(envelope.sender) || targets.has(envelope.receiver)) &&
          rng.next() < settings.probability;
        if (!hit) return PASS;
        context.touched();
        return verdict(envelope, context);
      });
      return activeFault(remove);
    },
  };
}
