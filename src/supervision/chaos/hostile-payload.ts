import type { ChaosFaultName } from '../../protocol/supervision-content.js';
import type { ActiveFault, ChaosFault, FaultContext } from './fault.js';

/**
 * A fault that pushes hostile payloads through the untrusted ingress, addressed to the first target; the
 * boundary must refuse every one, and no agent may see any.
 *
 * @example
 * const junk = hostilePayloadFault('malformed', 'junk', (n, c, to) => malformedPayloads(n, c.rng, to));
 */
export function hostilePayloadFault(
  name: ChaosFaultName,
  summary: string,
  make: (count: number, context: FaultContext, receiver: string) => string[],
): ChaosFault {
  return {
    name,
    summary,
    defaultTargets: 1,
    apply(context): ActiveFault {
      const receiver = context.step.targets[0] ?? '*';
      let refused = 0;
      for (const payload of make(context.settings.payloads, context, receiver)) {
        context.touched();
        if (!context.ingress.accept(payload).ok) refused++;
      }
      return { agents: [], refused: () => refused, revert: () => {} };
    },
  };
}
