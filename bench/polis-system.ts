import type { Actor, AnyStateMachine } from 'xstate';
import type { Content } from '../src/protocol/content.js';
import type { Performative } from '../src/protocol/performatives.js';
import type { Endpoint } from '../src/runtime/endpoint.js';
import {
  type AgentSystem,
  createSystem,
  type SpawnOptions,
  type SystemOptions,
} from '../src/runtime/system.js';
import { VirtualClock } from '../src/runtime/virtual-clock.js';
import type { Wiring } from './wiring.js';

/**
 * A system as the benchmarks use it: simulated time, and slices large enough that `run()` delivers a whole
 * kernel in one synchronous drain (the bare baseline never yields either).
 *
 * @example
 * const system = benchSystem();
 * system.spawn(ponger, { id: 'pong' });
 */
export function benchSystem(options: SystemOptions = {}): AgentSystem {
  return createSystem({ clock: new VirtualClock(), sliceSize: 1_000_000_000, ...options });
}

/**
 * One system for the whole run of a variant, created on first use: agents come and go sample by sample, as
 * in a long-running application. A fresh system per sample would be garbage by the next major collection,
 * and V8 then deoptimizes every function whose optimized code refers to it (a re-warm-up of ~30 ms that
 * applications, whose systems live long, never pay).
 *
 * @example
 * const system = longLivedSystem();
 * const agent = system().spawn(ponger, { id: 'pong' });
 */
export function longLivedSystem(options: SystemOptions = {}): () => AgentSystem {
  let system: AgentSystem | undefined;
  return () => {
    system ??= benchSystem(options);
    return system;
  };
}

/**
 * Polis agents in `system`, driven by the endpoint `main` and `system.run()`: the Polis side of a kernel.
 * The endpoint is looked up here, before anything is timed.
 *
 * @example
 * const wiring = new PolisWiring(system());
 * wiring.spawn(ponger, 'pong');
 * wiring.kick('pong', 'request', { kind: 'ping' });
 * wiring.clear();
 */
export class PolisWiring implements Wiring {
  private readonly main: Endpoint;

  constructor(private readonly system: AgentSystem) {
    this.main = system.endpoint('main');
  }

  spawn<TMachine extends AnyStateMachine>(machine: TMachine, id: string, input?: object): Actor<TMachine> {
    // The kernels pass each machine the input it declares; a generic wiring cannot prove that to tsc.
    const options = { id, input } as unknown as SpawnOptions<TMachine>;
    return this.system.spawn(machine, options).actor;
  }

  kick(receiver: string, performative: Performative, content: Content): void {
    this.main.send({ performative, receiver, content });
    this.system.run();
  }

  /** Removes every agent, freeing the ids for the next sample in the same long-lived system. */
  clear(): void {
    for (const agent of this.system.agents()) this.system.removeAgent(agent.id);
  }
}
