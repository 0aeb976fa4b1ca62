import { PolisError } from '../src/protocol/polis-error.js';

/**
 * An agent factory was given a definition it cannot build: two rules with one name, a plan for a goal
 * nobody declared. Thrown when the machine is built, never while it runs.
 *
 * @example
 * try { reactiveAgent({ rules }) } catch (e) { if (e instanceof AgentDefinitionError) console.error(e.message) }
 */
export class AgentDefinitionError extends PolisError {
  constructor(message: string) {
    super('agent-definition', message);
  }
}
