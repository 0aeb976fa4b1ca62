import { PolisError } from '../protocol/polis-error.js';

/** A spawn was refused: a bad or taken id, a bad capability or topic name. Nothing was created. */
export class SpawnError extends PolisError {
  constructor(message: string) {
    super('spawn-refused', message);
  }
}

/** An operation named an agent this system does not host. */
export class UnknownAgentError extends PolisError {
  constructor(readonly agentId: string) {
    super('unknown-agent', `no agent '${agentId}' in this system; list them with system.agents()`);
  }
}

/** `run()` needs simulated time. */
export class NotSimulatedError extends PolisError {
  constructor() {
    super(
      'clock-not-simulated',
      'system.run() drives simulated time; create the system with { clock: new VirtualClock() } or let the real clock run',
    );
  }
}
