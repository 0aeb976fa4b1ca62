import type { Subscription } from 'rxjs';
import { type Actor, createActor } from 'xstate';
import { restartsWithin } from '../../machines/restart-strategy.js';
import { supervisor } from '../../machines/supervisor.js';
import type { AgentId } from '../protocol/ids.js';
import type {
  ChildSpec,
  RestartCommand,
  SupervisorCommand,
  SupervisorEvent,
} from '../protocol/supervision-content.js';
import type { LifecycleRecord } from '../runtime/system.js';
import type { SupervisionPort } from './supervision-port.js';
import { agentsUnder, type SupervisionTree, type TreeNode } from './supervision-tree.js';

/** One decision of one supervisor, as the panel and the reports show it. */
export interface SupervisorDecision {
  readonly at: number;
  readonly supervisor: string;
  readonly kind: SupervisorCommand['kind'];
  readonly reason: string;
  /** The children it concerns: restarted, waiting, stopped or left alone. */
  readonly children: readonly string[];
}

/** A supervisor's standing, for panels and reports. */
export interface SupervisorStatus {
  readonly id: string;
  readonly parent: string | undefined;
  readonly state: string;
  readonly strategy: string;
  /** Its children's ids (agents and supervisors), in start order. */
  readonly children: readonly string[];
  readonly restarts: number;
  readonly recentRestarts: number;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly lastDecision: string | undefined;
}

export interface SupervisorHostHooks {
  /** The supervisor at the top gave up: the emergency stop should take over. */
  readonly topGaveUp: (reason: string, supervisor: string) => void;
  /** True while lifecycle events are the system's own doing (a halt), not facts for supervisors. */
  readonly quiet: () => boolean;
  readonly decided: (decision: SupervisorDecision) => void;
}

type SupervisorActor = Actor<typeof supervisor>;
type WorkItem =
  | { readonly command: SupervisorCommand }
  | { readonly to: string; readonly event: SupervisorEvent };

/**
 * Runs a supervision tree on a system: one supervisor machine per node, fed the lifecycle facts of its
 * children, whose commands it carries out through the {@link SupervisionPort}. Commands and the events they
 * cause go through one queue, so a restart is acknowledged before the failures it provokes are reported.
 *
 * @example
 * const host = new SupervisorHost(port, buildTree(spec, seed), hooks);
 * host.statuses(); // [{ id: 'root', state: 'supervising', ... }]
 */
export class SupervisorHost {
  private readonly actors = new Map<string, SupervisorActor>();
  private readonly expectedStops = new Set<AgentId>();
  private readonly queue: WorkItem[] = [];
  private readonly subscription: Subscription;
  private draining = false;
  private announcing = false;

  constructor(
    private readonly port: SupervisionPort,
    private readonly tree: SupervisionTree,
    private readonly hooks: SupervisorHostHooks,
  ) {
    for (const node of tree.supervisors.values()) {
      const actor = createActor(supervisor, { input: node.settings, clock: port.clock });
      actor.on('supervisor.command', ({ command }) => this.enqueue({ command }));
      // A broken supervisor shows as state 'error' in its status; it must never take the process down.
      actor.subscribe({ error: () => {} });
      this.actors.set(node.settings.id, actor);
    }
    for (const actor of this.actors.values()) actor.start();
    this.subscription = port.lifecycle$.subscribe((record) => this.lifecycle(record));
  }

  /** Tells every supervisor the system halted (they stop deciding) or resumed (they start afresh). */
  broadcast(event: Extract<SupervisorEvent, { type: 'system.halted' | 'system.resumed' }>): void {
    for (const id of this.actors.keys()) this.enqueue({ to: id, event });
  }

  /**
   * Starts again every supervised agent that is not running (after a resume: what a supervisor gave up on,
   * or what the halt did not restart), except `skip`, in start order, each as its spec says.
   */
  restartIdle(skip: ReadonlySet<AgentId>): number {
    let restarted = 0;
    for (const [id, node] of this.tree.ownerOf) {
      const agent = this.port.agent(id);
      if (agent === undefined || agent.status === 'running' || skip.has(id)) continue;
      const spec = node.children.find((child) => child.id === id)!;
      try {
        this.port.restartAgent(id, spec.from);
        restarted++;
      } catch {
        // Gone since; nothing to restart.
      }
    }
    return restarted;
  }

  /** Every supervisor, root first. */
  statuses(): SupervisorStatus[] {
    return [...this.tree.supervisors.values()].map((node) => this.status(node));
  }

  /** The state of one supervisor machine (`supervising`, `backingOff`, …). */
  stateOf(id: string): string | undefined {
    const snapshot = this.actors.get(id)?.getSnapshot();
    if (snapshot === undefined) return undefined;
    return snapshot.status === 'error' ? 'error' : String(snapshot.value);
  }

  stop(): void {
    this.subscription.unsubscribe();
    for (const actor of this.actors.values()) actor.stop();
  }

  private status(node: TreeNode): SupervisorStatus {
    const { id, parent, strategy, intensity } = node.settings;
    const context = this.actors.get(id)!.getSnapshot().context;
    return {
      id,
      parent,
      state: this.stateOf(id)!,
      strategy,
      children: node.children.map((child) => child.id),
      restarts: context.totalRestarts,
      recentRestarts: restartsWithin(context.restarts, this.port.clock.now(), intensity.withinMs).length,
      maxRestarts: intensity.maxRestarts,
      withinMs: intensity.withinMs,
      lastDecision: context.lastDecision,
    };
  }

  private lifecycle(record: LifecycleRecord): void {
    if (this.announcing || this.hooks.quiet()) return;
    if (record.event !== 'failed' && record.event !== 'stopped') return;
    if (record.event === 'stopped' && this.expectedStops.delete(record.agent)) return;
    const owner = this.tree.ownerOf.get(record.agent);
    if (owner === undefined) return;
    const detail =
      record.event === 'failed'
        ? `${record.error?.name ?? 'Error'}: ${record.error?.message ?? 'unknown'}`
        : (record.reason ?? 'stopped');
    this.enqueue({
      to: owner.settings.id,
      event: { type: 'child.exited', child: record.agent, cause: record.event, detail, at: record.at },
    });
  }

  private enqueue(item: WorkItem): void {
    this.queue.push(item);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.work(next);
    } finally {
      this.draining = false;
    }
  }

  private work(item: WorkItem): void {
    if ('to' in item) {
      this.actors.get(item.to)?.send(item.event);
      return;
    }
    this.execute(item.command);
  }

  private execute(command: SupervisorCommand): void {
    switch (command.kind) {
      case 'backoff':
        this.decide(command, command.children);
        this.announceEach(command.children, 'restarting', command.reason);
        return;
      case 'restart':
        return this.restart(command);
      case 'ignore':
        this.decide(command, [command.child]);
        this.announceEach(
          [command.child],
          'stopped',
          `not restarted by '${command.supervisor}': ${command.reason}`,
        );
        return;
      case 'give-up': {
        this.decide(command, command.stop);
        const node = this.tree.supervisors.get(command.supervisor)!;
        this.announceEach([command.supervisor], 'escalated', command.reason);
        if (command.parent !== undefined) {
          for (const id of command.stop) this.stopChild(node, id, `'${command.supervisor}' gave up`);
          this.actors.get(command.parent)?.send({
            type: 'child.exited',
            child: command.supervisor,
            cause: 'escalated',
            detail: command.reason,
            at: this.port.clock.now(),
          });
        } else {
          // At the top, the emergency stop takes over: it stops (and snapshots) everything itself.
          this.hooks.topGaveUp(command.reason, command.supervisor);
        }
        return;
      }
    }
  }

  /** Stops then starts the planned children; acknowledges before anything the restart provoked is handled. */
  private restart(command: RestartCommand): void {
    const node = this.tree.supervisors.get(command.supervisor)!;
    this.decide(
      command,
      command.start.map((c) => c.id),
    );
    const why = `restart by '${command.supervisor}' (${command.strategy})`;
    for (const id of command.stop) this.stopChild(node, id, why);
    let failure: { child: string; detail: string } | undefined;
    for (const child of command.start) {
      try {
        this.startChild(node, child);
      } catch (error) {
        failure ??= { child: child.id, detail: error instanceof Error ? error.message : String(error) };
      }
    }
    const at = this.port.clock.now();
    const actor = this.actors.get(command.supervisor)!;
    if (failure === undefined) actor.send({ type: 'restart.done', at });
    else actor.send({ type: 'restart.failed', child: failure.child, detail: failure.detail, at });
  }

  private stopChild(node: TreeNode, id: string, reason: string): void {
    const nested = node.supervisors.get(id);
    if (nested !== undefined) {
      this.actors.get(id)?.send({ type: 'supervisor.stop', reason });
      for (const child of [...nested.children].reverse()) this.stopChild(nested, child.id, reason);
      return;
    }
    const agent = this.port.agent(id);
    if (agent === undefined || (agent.status !== 'running' && agent.status !== 'failed')) return;
    this.expectedStops.add(id);
    this.port.stopAgent(id, reason);
  }

  private startChild(node: TreeNode, child: ChildSpec): void {
    const nested = node.supervisors.get(child.id);
    if (nested === undefined) {
      this.port.restartAgent(child.id, child.from);
      return;
    }
    for (const grandchild of nested.children) {
      if (grandchild.restart !== 'temporary') this.startChild(nested, grandchild);
    }
    this.actors.get(child.id)?.send({ type: 'supervisor.reset', at: this.port.clock.now() });
  }

  private decide(command: SupervisorCommand, children: readonly string[]): void {
    this.hooks.decided({
      at: this.port.clock.now(),
      supervisor: command.supervisor,
      kind: command.kind,
      reason: command.reason,
      children,
    });
  }

  private announceEach(
    ids: readonly string[],
    event: 'restarting' | 'stopped' | 'escalated',
    reason: string,
  ): void {
    this.announcing = true;
    try {
      for (const id of ids) {
        const nested = this.tree.supervisors.get(id);
        const agents = nested === undefined || event === 'escalated' ? [id] : agentsUnder(nested);
        for (const agent of agents) this.port.announce({ event, agent, reason });
      }
    } finally {
      this.announcing = false;
    }
  }
}
