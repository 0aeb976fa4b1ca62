import { PolisError } from '../src/protocol/polis-error.js';

/**
 * A reputation policy that cannot work: thresholds out of order, a forgetting factor outside (0, 1], a
 * negative weight. Nothing was created.
 *
 * @example
 * try { reputationPolicy({ trustAbove: 0.3 }) } catch (e) { if (e instanceof ReputationPolicyError) console.log(e.message) }
 */
export class ReputationPolicyError extends PolisError {
  constructor(problem: string) {
    super('reputation-policy-invalid', `reputation policy: ${problem}`);
  }
}

/**
 * A consensus round was configured wrongly: an unknown rule, a bad parameter, no voters.
 *
 * @example
 * try { checkRuleSpec({ rule: 'plurality' }, builtinRules) } catch (e) { if (e instanceof ConsensusConfigError) console.log(e.code) }
 */
export class ConsensusConfigError extends PolisError {
  constructor(problem: string) {
    super('consensus-config-invalid', `consensus: ${problem}`);
  }
}

/**
 * A prisoner's-dilemma tournament was configured wrongly: fewer than two strategies, a duplicate, an
 * unknown name.
 *
 * @example
 * try { roundRobin(['TitForTat'], 1) } catch (e) { if (e instanceof TournamentConfigError) console.log(e.message) }
 */
export class TournamentConfigError extends PolisError {
  constructor(problem: string) {
    super('tournament-config-invalid', `prisoner's dilemma: ${problem}`);
  }
}
