import { PolisError } from '../../src/protocol/polis-error.js';

/**
 * Thrown by a plan step to fail its plan, with the reason in the message; the agent then tries the next
 * applicable plan for the goal. Anything else a step throws is a bug and fails the agent.
 *
 * @example
 * const drive: Step<Beliefs, Goals, { to: string }> = ({ beliefs }) => {
 *   if (beliefs.fuel === 0) throw new PlanFailure('out of fuel');
 *   return { beliefs: { fuel: beliefs.fuel - 1 } };
 * };
 */
export class PlanFailure extends PolisError {
  constructor(reason: string) {
    super('plan-failure', reason);
  }
}
