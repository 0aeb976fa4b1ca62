import { type AgentSystem, createSystem, type SystemOptions } from '../src/runtime/system.js';
import { VirtualClock } from '../src/runtime/virtual-clock.js';

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
