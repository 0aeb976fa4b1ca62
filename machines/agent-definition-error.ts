import { PolisError } from '../src/protocol/polis-error.js';

/**
 * An agent factory was given a definition it cannot build: two rules with one name, a plan for a goal
 * nobody declared. Thrown when the machine is built. A running agent throws it only when its state
 * contradicts its definition (a desire adopted for an undeclared goal, a restored snapshot naming a plan
 * the library no longer has); hosted, that fails the agent rather than the process.
 *
 * @example
 * try { reactiveAgent({ rules }) } catch (e) { if (e instanceof AgentDefinitionError) console.error(e.message) }
 */
export class AgentDefinitionError extends PolisError {
  constructor(message: string) {
    super('agent-definition', message);
  }
}
