import { PASS } from '../../bus/interceptor.js';
import { toEnvelopeEvent } from '../../protocol/envelope-event.js';
import { activeFault, type ChaosFault } from './fault.js';

/**
 * Skews each target's clock forward by `settings.skewMs`: everything it sends is stamped from the future
 * (`sentAt`, and its deadlines with it). A receiver that trusts timestamps is misled; supervision's
 * timestamp guard refuses such envelopes as `invalid`.
 *
 * @example
 * chaosFaults['clock-skew'].apply(context)
 */
export const clockSkew: ChaosFault = {
  name: 'clock-skew',
  summary: 'stamps an agent’s messages from the future',
  defaultTargets: 1,
  apply(context) {
    const skewed = new Set(context.step.targets);
    const skew = context.settings.skewMs;
    const remove = context.port.intercept((envelope) => {
      if (!skewed.has(envelope.sender)) return PASS;
      context.touched();
      const shift = (t: number | undefined) => (t === undefined ? undefined : t + skew);
      return {
        replace: [
          toEnvelopeEvent({
            ...envelope,
            sentAt: envelope.sentAt + skew,
            replyBy: shift(envelope.replyBy),
            expiresAt: shift(envelope.expiresAt),
          }),
        ],
      };
    });
    return activeFault(remove);
  },
};
