import { type Actor, type AnyActorRef, type AnyStateMachine, createActor } from 'xstate';
import type { AgentIdentity } from '../src/protocol/agent-identity.js';
import type { Content } from '../src/protocol/content.js';
import { type Outbound, SEND } from '../src/protocol/outbound.js';
import type { Performative } from '../src/protocol/performatives.js';
import type { Wiring } from './wiring.js';

/** The event a bare actor receives: only the fields the kernels' machines read. */
export interface BareEvent {
  readonly type: string;
  readonly sender: string;
  readonly content: Content;
}

/**
 * The bare XState baseline: the same machines as the Polis variants, as root actors wired to each other
 * directly. An emitted `polis.send` is turned into the smallest event the receiver reads and pushed onto one
 * plain array queue, which `run` drains. The queue is needed because nested synchronous delivery overflows
 * the stack on long chains; it is the cheapest trampoline there is (no priorities, ids, counters, checks).
 *
 * @example
 * const net = new BareNetwork();
 * net.spawn(ponger, 'pong', {});
 * net.post('pong', { type: 'request', sender: 'main', content: { kind: 'ping' } });
 * net.run();
 */
export class BareNetwork implements Wiring {
  private readonly actors = new Map<string, AnyActorRef>();
  private readonly targets: (AnyActorRef | undefined)[] = [];
  private readonly events: (BareEvent | undefined)[] = [];
  private head = 0;

  /** Creates and starts `machine` as a root actor with the same input shape Polis gives it. */
  spawn<TMachine extends AnyStateMachine>(
    machine: TMachine,
    id: string,
    input: object = {},
  ): Actor<TMachine> {
    const agent: AgentIdentity = { id, capabilities: [], seed: 0 };
    // Not `{ ...input, agent }`: on V8 11 a spread followed by a property gives every object its own hidden class.
    const actor: AnyActorRef = createActor<AnyStateMachine>(machine, {
      input: Object.assign({}, input, { agent }),
    });
    actor.on(SEND, (message: Outbound) => {
      this.post(message.receiver, { type: message.performative, sender: id, content: message.content });
    });
    this.actors.set(id, actor);
    actor.start();
    return actor as Actor<TMachine>;
  }

  /** Posts one message from `main` to `receiver` and delivers everything it sets off. */
  kick(receiver: string, performative: Performative, content: Content): void {
    this.post(receiver, { type: performative, sender: 'main', content });
    this.run();
  }

  /** Nothing to remove: a bare network serves one sample and is dropped. */
  clear(): void {}

  /** Queues `event` for the actor named `receiver`. */
  post(receiver: string, event: BareEvent): void {
    const target = this.actors.get(receiver);
    if (target === undefined) throw new Error(`no bare actor '${receiver}'`);
    this.targets.push(target);
    this.events.push(event);
  }

  /** Delivers everything queued, including what deliveries queue, in order. */
  run(): void {
    const targets = this.targets;
    const events = this.events;
    while (this.head < targets.length) {
      const at = this.head++;
      const target = targets[at]!;
      const event = events[at]!;
      targets[at] = undefined;
      events[at] = undefined;
      target.send(event);
      // Empty again: start over at the front, so the arrays stay as small as the queue ever gets.
      if (this.head === targets.length) {
        targets.length = 0;
        events.length = 0;
        this.head = 0;
      }
    }
  }
}
