import {
  type Actor,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  type Snapshot,
} from 'xstate';
import type { Refusal } from '../bus/dead-letter.js';
import { Mailbox } from '../bus/mailbox.js';
import type { AgentIdentity } from '../protocol/agent-identity.js';
import type { Envelope } from '../protocol/envelope.js';
import { toEnvelopeEvent } from '../protocol/envelope-event.js';
import { errorInfo } from '../protocol/lifecycle-content.js';
import { type Outbound, reply, SEND } from '../protocol/outbound.js';
import { acceptedEvents } from './acceptance.js';
import type { HostServices } from './host-services.js';

/** Where an agent is in its life. Only a `running` agent receives messages. */
export type AgentStatus = 'running' | 'done' | 'failed' | 'stopped';

/**
 * Hosts one machine as its own root actor behind a mailbox: feeds it envelopes as events, stamps and
 * publishes what it emits, and turns its errors and its end into lifecycle events instead of exceptions.
 * A restart swaps in a fresh actor behind the same mailbox.
 */
export class AgentHost<TMachine extends AnyStateMachine = AnyStateMachine> extends Mailbox {
  actor: Actor<TMachine>;
  status: AgentStatus = 'running';
  /** Messages handed to the actor, and messages it sent, since it was spawned. */
  received = 0;
  sent = 0;
  restarts = 0;
  /** Set while the agent's circuit breaker is open: its inbox refuses everything with this, whatever its status. */
  circuit: Refusal | undefined = undefined;
  private readonly accepts: (type: string) => boolean;

  constructor(
    private readonly services: HostServices,
    readonly machine: TMachine,
    readonly identity: AgentIdentity,
    private readonly input: object,
    capacity: number,
    snapshot: Snapshot<unknown> | undefined,
  ) {
    super(identity.id, 'agent', capacity);
    this.accepts = acceptedEvents(machine);
    this.actor = this.createActor(snapshot);
  }

  get capabilities(): readonly string[] {
    return this.identity.capabilities;
  }

  start(): void {
    const actor = this.actor;
    this.services.bus.batch(() => actor.start());
  }

  deliver(envelope: Envelope): Refusal | undefined {
    const type = envelope.performative;
    if (!this.accepts(type)) return this.notUnderstood(envelope);
    this.received++;
    this.actor.send(toEnvelopeEvent(envelope) as never);
    return undefined;
  }

  /** Stops the actor; later envelopes are dead-lettered as `receiver-stopped` with `reason`. */
  stop(reason: string): void {
    if (!this.markStopped(reason)) return;
    this.actor.stop();
    this.services.lifecycle({ event: 'stopped', agent: this.id, reason });
  }

  /**
   * The first half of a stop, for stopping many agents at once: the inbox refuses everything and `stopped`
   * is reported now; {@link release} stops the actor. Returns false when the agent was not running.
   */
  close(reason: string): boolean {
    if (!this.markStopped(reason)) return false;
    this.services.lifecycle({ event: 'stopped', agent: this.id, reason });
    return true;
  }

  /** The second half of a stop: stops the actor (its timers are cancelled). Harmless when already stopped. */
  release(): void {
    this.actor.stop();
  }

  private markStopped(reason: string): boolean {
    if (this.status !== 'running' && this.status !== 'failed') return false;
    this.status = 'stopped';
    this.closed = { reason: 'receiver-stopped', detail: `'${this.id}' was stopped: ${reason}` };
    return true;
  }

  /** Replaces the actor with a fresh one, or one restored from `snapshot`, and opens the mailbox again. */
  restart(snapshot?: Snapshot<unknown>): void {
    if (this.status === 'running') this.actor.stop();
    this.actor = this.createActor(snapshot);
    this.status = 'running';
    this.closed = this.circuit;
    this.restarts++;
    this.start();
    this.services.lifecycle({
      event: 'restarted',
      agent: this.id,
      reason: snapshot === undefined ? 'fresh' : 'from snapshot',
    });
  }

  /** Opens the circuit breaker: every envelope for the agent is refused with `refusal` until it is closed. */
  openCircuit(refusal: Refusal): void {
    this.circuit = refusal;
    if (this.status === 'running') this.closed = refusal;
  }

  /** Closes the circuit breaker; a running agent takes envelopes again. */
  closeCircuit(): void {
    if (this.circuit === undefined) return;
    if (this.closed === this.circuit) this.closed = undefined;
    this.circuit = undefined;
  }

  /** Fails the agent with `error` as if its machine had thrown it (fault injection, watchdogs). */
  crash(error: unknown): void {
    if (this.status !== 'running') return;
    const actor = this.actor;
    actor.stop();
    this.failed(actor, error);
  }

  private createActor(snapshot: Snapshot<unknown> | undefined): Actor<TMachine> {
    const { actorClock, inspect } = this.services;
    const actor = createActor(this.machine, {
      id: this.id,
      clock: actorClock,
      input: Object.assign({}, this.input, { agent: this.identity }),
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(inspect === undefined ? {} : { inspect }),
    } as never) as Actor<TMachine>;
    actor.on(SEND, (event) => {
      this.sent++;
      this.services.send(this.id, event as unknown as Outbound);
    });
    actor.subscribe(new ActorWatch(this as AgentHost, actor));
    return actor;
  }

  /** @internal */
  failed(actor: Actor<TMachine>, error: unknown): void {
    if (actor !== this.actor) return;
    const info = errorInfo(error);
    this.status = 'failed';
    this.closed = {
      reason: 'receiver-failed',
      detail: `'${this.id}' failed (${info.name}: ${info.message})`,
    };
    this.services.lifecycle({ event: 'failed', agent: this.id, error: info });
  }

  /** @internal */
  completed(actor: Actor<TMachine>): void {
    if (actor !== this.actor || (actor.getSnapshot() as AnyMachineSnapshot).status !== 'done') return;
    this.status = 'done';
    this.closed = { reason: 'receiver-stopped', detail: `'${this.id}' has finished (final state)` };
    this.services.lifecycle({ event: 'stopped', agent: this.id, reason: 'reached a final state' });
  }

  private notUnderstood(envelope: Envelope): Refusal {
    const detail = `'${this.id}' does not handle '${envelope.performative}' messages`;
    if (envelope.receiver === this.id && envelope.performative !== 'not-understood') {
      this.services.send(this.id, reply(envelope, 'not-understood', { kind: 'reason', reason: detail }));
    }
    return { reason: 'not-understood', detail };
  }
}

/** One actor's error and completion observer. Prototype methods cost less per agent than two closures. */
class ActorWatch {
  constructor(
    private readonly host: AgentHost,
    private readonly actor: Actor<AnyStateMachine>,
  ) {}

  error(error: unknown): void {
    this.host.failed(this.actor, error);
  }

  complete(): void {
    this.host.completed(this.actor);
  }
}
