import type { Actor, AnyStateMachine } from 'xstate';
import type { Content } from '../src/protocol/content.js';
import type { Performative } from '../src/protocol/performatives.js';

/**
 * How a kernel's machines are hosted and wired, the one thing the two sides of a kernel differ in: bare
 * XState root actors on a plain queue (`BareNetwork`) or Polis agents on the bus (`PolisWiring`). A kernel
 * written once against it runs the same steps on both sides.
 *
 * @example
 * function play(wiring: Wiring): Sample {
 *   wiring.spawn(ponger, 'pong');
 *   const ping = wiring.spawn(pinger, 'ping', { peer: 'pong', pings: 10 });
 *   const sample = timed(20, () => wiring.kick('ping', 'request', { kind: 'start' }));
 *   wiring.clear();
 *   return sample;
 * }
 */
export interface Wiring {
  /** Hosts `machine` as `id`, started, with `input` besides the agent identity; returns its actor. */
  spawn<TMachine extends AnyStateMachine>(machine: TMachine, id: string, input?: object): Actor<TMachine>;
  /** Sends one message from `main` to `receiver` and delivers everything it sets off. */
  kick(receiver: string, performative: Performative, content: Content): void;
  /** Removes what was spawned, so the next sample can use the same ids. */
  clear(): void;
}
