import { type Observable, Subject } from 'rxjs';
import type { AnyStateMachine, InputFrom, InspectionEvent, Snapshot } from 'xstate';
import { Bus } from '../bus/bus.js';
import type { BusStats } from '../bus/bus-stats.js';
import type { Clock } from '../bus/clock.js';
import type { Transport, TransportLink } from '../bus/transport.js';
import type { AgentIdentity } from '../protocol/agent-identity.js';
import { type AgentId, idProblem } from '../protocol/ids.js';
import { LIFECYCLE_TOPIC, type LifecycleContent } from '../protocol/lifecycle-content.js';
import { createRng, type Rng, seedFrom } from '../protocol/random.js';
import type { Agent } from './agent.js';
import { type AgentBlueprint, AgentHost, blueprint } from './agent-host.js';
import { Directory } from './directory.js';
import { DirectoryService } from './directory-service.js';
import { Endpoint } from './endpoint.js';
import { EnvelopeStamper } from './envelope-stamper.js';
import type { HostServices } from './host-services.js';
import { realClock } from './real-clock.js';
import { NotSimulatedError, SpawnError, UnknownAgentError } from './runtime-errors.js';
import { VirtualClock } from './virtual-clock.js';

export interface SystemOptions {
  /** Time for the bus and every actor. Default: the real clock. Pass a `VirtualClock` for simulations. */
  readonly clock?: Clock;
  /** Seeds the system's RNG and every agent's `input.agent.seed`. Default 0: runs are reproducible unless you vary it. */
  readonly seed?: number | string;
  /** Moves envelopes to agents hosted by other systems. Without one, the system is self-contained. */
  readonly transport?: Transport;
  /** This system's name on a transport and the prefix of its envelope ids. Default `n` + seed. */
  readonly nodeId?: string;
  /** Envelopes an agent's inbox holds before more are dead-lettered as `inbox-full`. Default 10,000. */
  readonly inboxCapacity?: number;
  /** Deliveries per synchronous slice before the bus yields. Default 10,000. */
  readonly sliceSize?: number;
  /** Receives XState's inspection events from every agent. Off by default, and then it costs nothing. */
  readonly inspect?: (event: InspectionEvent) => void;
}

/** What an agent is spawned with. `input` is the machine's input without `agent`, which the runtime adds. */
export type SpawnOptions<TMachine extends AnyStateMachine> = {
  readonly id: AgentId;
  /** Registered in the directory while the agent runs. */
  readonly capabilities?: readonly string[];
  /** Topics (names without `#`) the agent receives. */
  readonly topics?: readonly string[];
  /** Overrides the system's inbox capacity. */
  readonly capacity?: number;
  /** Restores the agent from a persisted snapshot instead of starting it fresh. */
  readonly snapshot?: Snapshot<unknown>;
} & InputOption<SpawnInput<InputFrom<TMachine>>>;

type SpawnInput<T> = T extends { readonly agent: AgentIdentity } ? Omit<T, 'agent'> : T;
type NoFields = Record<never, never>;
type InputOption<T> = [T] extends [undefined]
  ? { readonly input?: undefined }
  : NoFields extends T
    ? { readonly input?: T }
    : { readonly input: T };

/** A lifecycle event with the time it happened. */
export type LifecycleRecord = LifecycleContent & { readonly at: number };

/** The outcome of {@link AgentSystem.run}. */
export interface RunReport {
  readonly now: number;
  readonly timersFired: number;
  /** True when nothing is queued and no timer is set: the system has nothing left to do. */
  readonly idle: boolean;
}

const SYSTEM_SENDER = 'polis.system';
/** Shared by every spawn without capabilities or topics, so none allocates an empty array. */
const NONE: readonly string[] = Object.freeze([]);
/** Drain slices a stopping system delivers at most, so agents that message each other forever cannot hold it up. */
const MAX_STOP_SLICES = 1000;

/** Throws {@link SpawnError} when `value` breaks the id grammar; `what` names it in the message. */
function requireId(value: string, what: string): void {
  const problem = idProblem(value, what);
  if (problem !== undefined) throw new SpawnError(problem);
}

/**
 * A multi-agent system: hosts agents as XState actors on one bus.
 *
 * @example
 * const system = createSystem({ clock: new VirtualClock(), seed: 42 });
 * system.spawn(contractNetBidder, { id: 'bidder-1', capabilities: ['paint'], input: { speed: 2 } });
 * system.run();
 */
export class AgentSystem {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly bus: Bus;
  readonly directory = new Directory();
  readonly nodeId: string;
  private readonly endpoints = new Map<AgentId, Endpoint>();
  private readonly blueprints = new WeakMap<AnyStateMachine, AgentBlueprint>();
  private readonly lifecycleSubject = new Subject<LifecycleRecord>();
  private readonly stamper: EnvelopeStamper;
  private readonly services: HostServices;
  private readonly inboxCapacity: number;
  private readonly link: TransportLink | undefined;
  private stopped = false;

  /** Every agent's lifecycle: spawned, stopped, failed (with the error), restarted, … */
  readonly lifecycle$: Observable<LifecycleRecord> = this.lifecycleSubject.asObservable();

  constructor(options: SystemOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.rng = createRng(options.seed ?? 0);
    this.nodeId = options.nodeId ?? `n${this.rng.seed.toString(36)}`;
    requireId(this.nodeId, 'node id');
    this.inboxCapacity = options.inboxCapacity ?? 10_000;
    this.bus = new Bus({ clock: this.clock, nodeId: this.nodeId, sliceSize: options.sliceSize ?? 10_000 });
    this.stamper = new EnvelopeStamper(this.nodeId, this.clock);
    const { bus, clock, stamper } = this;
    this.services = {
      bus,
      inspect: options.inspect,
      // Timer callbacks run in a batch, so an actor never receives an envelope in the middle of its own step.
      actorClock: {
        now: () => clock.now(),
        setTimeout: (callback, ms) => clock.setTimeout(() => bus.batch(callback), ms),
        clearTimeout: (handle) => clock.clearTimeout(handle),
      },
      send: (sender, message) => bus.publish(stamper.stamp(sender, message)),
      lifecycle: (event) => this.announce(event),
    };
    this.bus.register(new DirectoryService(this.services, this.directory));
    this.link = options.transport === undefined ? undefined : this.bus.connect(options.transport);
  }

  /**
   * Hosts `machine` as a new agent and starts it. Throws {@link SpawnError} for a bad or taken id.
   *
   * @example
   * const agent = system.spawn(contractNetBidder, { id: 'b1', capabilities: ['paint'], input: { speed: 1 } });
   */
  spawn<TMachine extends AnyStateMachine>(
    machine: TMachine,
    options: SpawnOptions<TMachine>,
  ): Agent<TMachine> {
    const { id } = options;
    const capabilities = options.capabilities ?? NONE;
    const topics = options.topics ?? NONE;
    this.checkSpawn(id, capabilities, topics);
    const identity: AgentIdentity = { id, capabilities, seed: seedFrom(this.rng.seed, '/agent:', id) | 0 };
    const capacity = options.capacity ?? this.inboxCapacity;
    const input = (options.input ?? {}) as object;
    const host = new AgentHost(this.blueprintOf(machine), identity, input, capacity, options.snapshot);
    // The bus's registry is the only one: a system keeps no map of its own (memory per agent counts).
    this.bus.register(host);
    for (const topic of topics) this.bus.subscribe(topic, id);
    this.directory.register(id, capabilities);
    this.announce({ event: 'spawned', agent: id });
    host.start();
    return host;
  }

  agent(id: AgentId): Agent | undefined {
    const mailbox = this.bus.mailbox(id);
    return mailbox instanceof AgentHost ? mailbox : undefined;
  }

  /** Every agent hosted here, in spawn order, whatever its status. */
  agents(): Agent[] {
    return this.hosts();
  }

  /** Stops an agent. It keeps its id; envelopes for it are dead-lettered as `receiver-stopped`. */
  stopAgent(id: AgentId, reason = 'stopped by request'): void {
    this.stopAgents([id], reason);
  }

  /**
   * Stops many agents at once (an emergency halt), synchronously, so no agent takes a step in between:
   * every inbox is closed first, then `beforeRelease` sees each agent while its actor still holds its state
   * (to snapshot it), then the actors are stopped, and only then is each reported `stopped`, so whoever
   * reacts to the reports finds every one of them stopped. Returns the ids of the agents it stopped (those
   * that were running or failed), in the order given.
   *
   * @example
   * system.stopAgents(system.agents().map((a) => a.id), 'halted', (agent) => store.save(agent.id, persistedSnapshotOf(agent)));
   */
  stopAgents(ids: Iterable<AgentId>, reason: string, beforeRelease?: (agent: Agent) => void): AgentId[] {
    const hosts = [...ids].map((id) => this.host(id));
    for (const host of hosts) this.directory.unregister(host.id);
    const closed = hosts.filter((host) => host.close(reason));
    for (const host of closed) {
      try {
        beforeRelease?.(host);
      } catch {
        // A snapshot that cannot be taken must not keep the actor running.
      }
    }
    for (const host of closed) host.actor.stop();
    for (const host of closed) this.announce({ event: 'stopped', agent: host.id, reason });
    return closed.map((host) => host.id);
  }

  /** Restarts an agent fresh, or from a persisted snapshot, behind the same mailbox. */
  restartAgent(id: AgentId, snapshot?: Snapshot<unknown>): void {
    const host = this.host(id);
    host.restart(snapshot);
    this.directory.register(id, host.identity.capabilities);
  }

  /**
   * Opens an agent's circuit breaker: its inbox dead-letters everything as `circuit-open` with `reason`,
   * across restarts, until {@link closeCircuit}. Publishes `circuit-opened`.
   *
   * @example
   * system.openCircuit('looper', 'livelock with bouncer');
   */
  openCircuit(id: AgentId, reason: string): void {
    this.host(id).openCircuit(reason);
    this.announce({ event: 'circuit-opened', agent: id, reason });
  }

  /** Closes an agent's circuit breaker. Publishes `circuit-closed`; does nothing if it was not open. */
  closeCircuit(id: AgentId, reason: string): void {
    const host = this.host(id);
    if (host.circuit === undefined) return;
    host.closeCircuit();
    this.announce({ event: 'circuit-closed', agent: id, reason });
  }

  /**
   * Fails a running agent with `error`, exactly as if its machine had thrown it (`failed` lifecycle event).
   *
   * @example
   * system.failAgent('worker-1', new Error('injected fault'));
   */
  failAgent(id: AgentId, error: unknown): void {
    this.host(id).fail(error);
  }

  /**
   * Records a lifecycle event on `lifecycle$` (stamped with the system's clock) and on the lifecycle topic.
   * The runtime announces spawns, stops, failures, restarts and circuits; supervision announces its own
   * decisions (a restart planned, a halt) the same way.
   *
   * @example
   * system.announce({ event: 'restarting', agent: 'worker-1', reason: 'one-for-one after a failure' });
   */
  announce(event: Omit<LifecycleContent, 'kind'>): void {
    const observed = this.lifecycleSubject.observed;
    const subscribed = this.bus.hasSubscribers(LIFECYCLE_TOPIC);
    if (!observed && !subscribed) return;
    const content: LifecycleContent = { kind: 'lifecycle', ...event };
    if (observed) this.lifecycleSubject.next({ ...content, at: this.clock.now() });
    if (!subscribed) return;
    const message = {
      performative: 'inform',
      receiver: `#${LIFECYCLE_TOPIC}`,
      content,
      priority: 'high',
    } as const;
    this.bus.publish(this.stamper.stamp(SYSTEM_SENDER, message));
  }

  /** Stops an agent and frees its id. */
  removeAgent(id: AgentId): void {
    this.stopAgent(id, 'removed');
    this.bus.unregister(id);
  }

  subscribe(id: AgentId, topicName: string): void {
    requireId(topicName, 'topic name');
    if (this.bus.mailbox(id) === undefined) throw new UnknownAgentError(id);
    this.bus.subscribe(topicName, id);
  }

  unsubscribe(id: AgentId, topicName: string): void {
    this.bus.unsubscribe(topicName, id);
  }

  /** A participant outside the agents (your app, a test, an operator) with its own id and inbox. */
  endpoint(id: AgentId): Endpoint {
    const existing = this.endpoints.get(id);
    if (existing !== undefined && existing.closed === undefined) return existing;
    this.checkId(id);
    const endpoint = new Endpoint(id, this.bus, (sender, message) => this.stamper.stamp(sender, message));
    this.endpoints.set(id, endpoint);
    this.bus.register(endpoint);
    return endpoint;
  }

  /**
   * Delivers and fires timers on simulated time until nothing is left to do, time passes `until`, or
   * `maxTimers` timers have fired (a guard against agents that tick forever).
   */
  run(options: { readonly until?: number; readonly maxTimers?: number } = {}): RunReport {
    const clock = this.clock;
    if (!(clock instanceof VirtualClock)) throw new NotSimulatedError();
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const maxTimers = options.maxTimers ?? 10_000_000;
    let timersFired = 0;
    this.bus.drain();
    for (
      let next = clock.nextAt();
      next !== undefined && next <= until && timersFired < maxTimers;
      next = clock.nextAt()
    ) {
      clock.runNext();
      timersFired++;
    }
    if (Number.isFinite(until) && timersFired < maxTimers) clock.advanceTo(until);
    return { now: clock.now(), timersFired, idle: clock.pending === 0 && this.bus.idle };
  }

  /** Like {@link run}, and also lets a transport's asynchronous deliveries land, until all is quiet. */
  async settle(options: { readonly maxRounds?: number } = {}): Promise<RunReport> {
    let report = this.run();
    for (let round = 0; round < (options.maxRounds ?? 1000) && !report.idle; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      report = this.run();
    }
    return report;
  }

  /**
   * Stops the system: delivers what is queued (unless `drain: false`), stops every agent, and
   * dead-letters anything left as `system-stopped`. Returns the final counters.
   */
  async stop(options: { readonly drain?: boolean } = {}): Promise<BusStats> {
    if (!this.stopped) {
      this.stopped = true;
      if (options.drain !== false) this.drainQueued();
      for (const host of this.hosts()) this.stopAgent(host.id, 'the system stopped');
      this.bus.discardQueued('system-stopped', 'the system stopped before it was delivered');
      this.bus.seal('the system has stopped', 'system-stopped');
      await this.link?.close();
    }
    return this.bus.stats();
  }

  /** True once {@link stop} was called: the system takes no more work (observers let go of it then). */
  get isStopped(): boolean {
    return this.stopped;
  }

  stats(): BusStats {
    return this.bus.stats();
  }

  private drainQueued(): void {
    for (let slices = 0; slices < MAX_STOP_SLICES && this.bus.stats().queued > 0; slices++) this.bus.drain();
  }

  private blueprintOf<TMachine extends AnyStateMachine>(machine: TMachine): AgentBlueprint<TMachine> {
    let found = this.blueprints.get(machine);
    if (found === undefined) {
      found = blueprint(this.services, machine);
      this.blueprints.set(machine, found);
    }
    return found as AgentBlueprint<TMachine>;
  }

  private host(id: AgentId): AgentHost {
    const mailbox = this.bus.mailbox(id);
    if (!(mailbox instanceof AgentHost)) throw new UnknownAgentError(id);
    return mailbox;
  }

  private hosts(): AgentHost[] {
    const hosts: AgentHost[] = [];
    for (const mailbox of this.bus.mailboxes()) if (mailbox instanceof AgentHost) hosts.push(mailbox);
    return hosts;
  }

  private checkId(id: AgentId): void {
    requireId(id, 'agent id');
    if (id.startsWith('polis.'))
      throw new SpawnError(`agent id '${id}' starts with 'polis.', which is reserved for the system`);
    if (this.bus.mailbox(id) !== undefined) {
      throw new SpawnError(`agent id '${id}' is taken; pick another or remove the agent first`);
    }
  }

  private checkSpawn(id: AgentId, capabilities: readonly string[], topics: readonly string[]): void {
    this.checkId(id);
    for (const capability of capabilities) requireId(capability, `capability of '${id}'`);
    for (const topic of topics) requireId(topic, `topic of '${id}'`);
  }
}

/**
 * Creates a system. With no options it runs on the real clock with seed 0.
 *
 * @example
 * const system = createSystem({ clock: new VirtualClock(), seed: 'market-1' });
 */
export function createSystem(options: SystemOptions = {}): AgentSystem {
  return new AgentSystem(options);
}
