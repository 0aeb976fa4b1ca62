import {
  type Actor,
  type ActorOptions,
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

/** What the agents of one machine in one system share: held once, not in each of 100,000 hosts. */
export interface AgentBlueprint<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly services: HostServices;
  readonly machine: TMachine;
  /** Whether the machine handles an event type anywhere (see {@link acceptedEvents}). */
  readonly accepts: (type: string) => boolean;
}

/**
 * The blueprint for `machine` in a system with `services`.
 *
 * @example
 * const host = new AgentHost(blueprint(services, machine), identity, {}, 100, undefined);
 */
export function blueprint<TMachine extends AnyStateMachine>(
  services: HostServices,
  machine: TMachine,
): AgentBlueprint<TMachine> {
  return { services, machine, accepts: acceptedEvents(machine) };
}

/** Where an agent is in its life. Only a `running` agent receives messages. */
export type AgentStatus = 'running' | 'done' | 'failed' | 'stopped';

/**
 * Hosts one machine as its own root actor behind a mailbox: feeds it envelopes as events, stamps and
 * publishes what it emits, and turns its errors and its end into lifecycle events instead of exceptions.
 * A restart swaps in a fresh actor behind the same mailbox.
 *
 * The inbox is open only while the agent runs and its circuit breaker is closed: `closed` is always the
 * circuit's refusal while running, else the refusal of how the agent ended ({@link become} keeps it so).
 *
 * @example
 * const host = new AgentHost(blueprint(services, machine), { id: 'a', capabilities: [], seed: 1 }, {}, 100, undefined);
 * bus.register(host);
 * host.start();
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
  /** The actor's input: the spawn's input with the agent's identity, the same for every restart. */
  private readonly input: object;

  constructor(
    private readonly blueprint: AgentBlueprint<TMachine>,
    readonly identity: AgentIdentity,
    input: object,
    capacity: number,
    snapshot: Snapshot<unknown> | undefined,
  ) {
    super(identity.id, capacity);
    // Not `{ ...input, agent }`: on V8 11 a spread followed by a property gives every object its own hidden class.
    this.input = Object.assign({}, input, { agent: identity });
    this.actor = this.createActor(snapshot);
  }

  get kind(): 'agent' {
    return 'agent';
  }

  get machine(): TMachine {
    return this.blueprint.machine;
  }

  get capabilities(): readonly string[] {
    return this.identity.capabilities;
  }

  /** Starts the actor; what its start sends is delivered once it has started. */
  start(): void {
    const actor = this.actor;
    this.blueprint.services.bus.batch(() => actor.start());
  }

  deliver(envelope: Envelope): Refusal | undefined {
    if (!this.blueprint.accepts(envelope.performative)) return this.notUnderstood(envelope);
    this.received++;
    this.actor.send(toEnvelopeEvent(envelope) as never);
    return undefined;
  }

  /**
   * The first step of a stop: closes the inbox for good (until a restart), so later envelopes are
   * dead-lettered as `receiver-stopped` with `reason`. The caller then stops the actor, which keeps its
   * state until then (to be snapshotted), and reports the stop. Returns false, doing nothing, unless the
   * agent was running or failed.
   */
  close(reason: string): boolean {
    if (this.status !== 'running' && this.status !== 'failed') return false;
    this.become('stopped', { reason: 'receiver-stopped', detail: `'${this.id}' was stopped: ${reason}` });
    return true;
  }

  /** Replaces the actor with a fresh one, or one restored from `snapshot`, opens the inbox and starts it. */
  restart(snapshot?: Snapshot<unknown>): void {
    if (this.status === 'running') this.actor.stop();
    this.actor = this.createActor(snapshot);
    this.become('running');
    this.restarts++;
    // Reported before the start, as a spawn is, so a failure while starting comes after it.
    const reason = snapshot === undefined ? 'fresh' : 'from snapshot';
    this.blueprint.services.lifecycle({ event: 'restarted', agent: this.id, reason });
    this.start();
  }

  /** Opens the circuit breaker: the inbox refuses everything with `reason`, across restarts, until it is closed. */
  openCircuit(reason: string): void {
    this.circuit = { reason: 'circuit-open', detail: `the circuit of '${this.id}' is open: ${reason}` };
    if (this.status === 'running') this.closed = this.circuit;
  }

  /** Closes the circuit breaker; a running agent takes envelopes again. */
  closeCircuit(): void {
    this.circuit = undefined;
    if (this.status === 'running') this.closed = undefined;
  }

  /** Fails the running agent with `error` as if its machine had thrown it (fault injection, watchdogs). */
  fail(error: unknown): void {
    if (this.status !== 'running') return;
    this.actor.stop();
    this.failed(error);
  }

  /**
   * @internal The host observes its own actor (one object less per agent than a separate observer). Only
   * the current actor can report: a replaced one was stopped or had already ended.
   */
  error(error: unknown): void {
    this.failed(error);
  }

  /** @internal A stopped actor completes too, but only one in a final state is done. */
  complete(): void {
    if ((this.actor.getSnapshot() as AnyMachineSnapshot).status !== 'done') return;
    this.become('done', { reason: 'receiver-stopped', detail: `'${this.id}' has finished (final state)` });
    this.blueprint.services.lifecycle({ event: 'stopped', agent: this.id, reason: 'reached a final state' });
  }

  /** The one place status and inbox change together: a running agent's inbox is only as closed as its circuit. */
  private become(status: AgentStatus, ended?: Refusal): void {
    this.status = status;
    this.closed = status === 'running' ? this.circuit : ended;
  }

  private createActor(snapshot: Snapshot<unknown> | undefined): Actor<TMachine> {
    const { actorClock, inspect } = this.blueprint.services;
    // Assigned, not spread from `{}`: two empty objects per spawn are garbage that 100,000 agents feel.
    const options: ActorOptions<AnyStateMachine> = { id: this.id, clock: actorClock, input: this.input };
    if (snapshot !== undefined) options.snapshot = snapshot;
    if (inspect !== undefined) options.inspect = inspect;
    const actor = createActor(this.machine, options as never) as Actor<TMachine>;
    actor.on(SEND, (event) => {
      this.sent++;
      this.blueprint.services.send(this.id, event as unknown as Outbound);
    });
    actor.subscribe(this);
    return actor;
  }

  private failed(error: unknown): void {
    const info = errorInfo(error);
    this.become('failed', {
      reason: 'receiver-failed',
      detail: `'${this.id}' failed (${info.name}: ${info.message})`,
    });
    this.blueprint.services.lifecycle({ event: 'failed', agent: this.id, error: info });
  }

  /** Answers a unicast with `not-understood` (FIPA); a topic or broadcast is not answered, to avoid reply storms. */
  private notUnderstood(envelope: Envelope): Refusal {
    const detail = `'${this.id}' does not handle '${envelope.performative}' messages`;
    if (envelope.receiver === this.id && envelope.performative !== 'not-understood') {
      this.blueprint.services.send(
        this.id,
        reply(envelope, 'not-understood', { kind: 'reason', reason: detail }),
      );
    }
    return { reason: 'not-understood', detail };
  }
}
