import type { Subscription } from 'rxjs';
import type { AnyActorLogic, AnyActorRef, AnyStateMachine, InspectionEvent } from 'xstate';
import type { Refusal } from '../bus/dead-letter.js';
import { Mailbox } from '../bus/mailbox.js';
import type { Envelope } from '../protocol/envelope.js';
import type { AgentSystem } from '../runtime/system.js';
import { chartOf } from './chart-definition.js';
import type { Frame, PanelName, SnapshotData, TransitionTaken } from './frames.js';
import { type ControlsState, type OperatorControls, systemControls } from './operator-controls.js';
import { INSPECT_PANEL_TOPIC, isPanelContent } from './panel-topic.js';
import { TrustPanelProbe } from './trust-panels.js';

/** Where a collector's frames go: the hub in this process, or a socket to another. */
export interface FrameSink {
  write(frame: Frame): void;
}

export interface CollectorOptions {
  /**
   * How often each attached system's counters (and the reputation and consensus panels read off its
   * agents) are sampled, in real ms. Default 1000; 0 turns sampling off.
   */
  readonly metricsIntervalMs?: number;
  /** Wall-clock ms for frame timestamps. */
  readonly now?: () => number;
}

const MAILBOX_ID = 'polis.inspector';

type AnyRef = AnyActorRef & { readonly _parent?: AnyRef; readonly logic?: AnyActorLogic };

/**
 * Turns what systems do into inspector frames: XState's inspection events (pass {@link inspect} as
 * `createSystem({ inspect })`), and, for each system you {@link attach}, its envelopes, dead letters,
 * lifecycle, panels and counters. It also holds the operator controls the inspector's buttons act on.
 *
 * @example
 * const collector = server.collector('market');
 * const system = createSystem({ clock, inspect: collector.inspect });
 * collector.attach(system);
 */
export class InspectCollector {
  /** Each attached system, with its name on the page and the function that stops watching it. */
  private readonly systems = new Map<AgentSystem, { readonly label: string; readonly detach: () => void }>();
  private readonly paths = new WeakMap<object, string>();
  private readonly definitions = new WeakMap<object, string>();
  private readonly trustPanels = new TrustPanelProbe();
  private readonly now: () => number;
  private readonly metricsIntervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private definitionCount = 0;
  private customControls: OperatorControls | undefined;
  private readonly defaultControls: OperatorControls;

  constructor(
    private readonly sink: FrameSink,
    options: CollectorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.metricsIntervalMs = options.metricsIntervalMs ?? 1000;
    this.defaultControls = systemControls(() => [...this.systems.keys()], {
      onChange: () => this.writeControls(),
    });
  }

  /** XState's inspection callback: give it to `createSystem({ inspect })` or `createActor(m, { inspect })`. */
  readonly inspect = (event: InspectionEvent): void => {
    const ref = event.actorRef as AnyRef;
    switch (event.type) {
      case '@xstate.actor':
        return this.actorCreated(ref);
      case '@xstate.event':
        return this.sink.write({
          type: 'polis.event',
          actor: this.pathOf(ref),
          name: event.event.type,
          event: event.event,
          ...senderOf(event.sourceRef as AnyRef | undefined, event.event, this),
          at: this.now(),
        });
      case '@xstate.microstep':
        return this.sink.write({
          type: 'polis.microstep',
          actor: this.pathOf(ref),
          event: event.event.type,
          transitions: event._transitions.map(takenOf),
          at: this.now(),
        });
      case '@xstate.action':
        // Scheduling and cancelling `after` delays is plumbing, and the most frequent action of all.
        if (event.action.type === 'xstate.raise' || event.action.type === 'xstate.cancel') return;
        return this.sink.write({
          type: 'polis.action',
          actor: this.pathOf(ref),
          action: event.action.type,
          at: this.now(),
        });
      case '@xstate.snapshot':
        return this.sink.write({
          type: 'polis.snapshot',
          actor: this.pathOf(ref),
          snapshot: snapshotData(event.snapshot),
          event: event.event.type,
          at: this.now(),
        });
    }
  };

  /** The controls the inspector's buttons act on: the supervisor's if one was given, else the systems'. */
  get controls(): OperatorControls {
    return this.customControls ?? this.defaultControls;
  }

  /**
   * Puts other controls (a supervisor's) behind the inspector's buttons. Returns a function that gives the
   * buttons back to the systems' own controls, unless other controls have taken over since.
   */
  useControls(controls: OperatorControls): () => void {
    this.customControls = controls;
    this.writeControls();
    return () => {
      if (this.customControls !== controls) return;
      this.customControls = undefined;
      this.writeControls();
    };
  }

  /** Announces the controls' state to the inspector; call it when a custom `OperatorControls` changes. */
  writeControls(state: ControlsState = this.controls.state()): void {
    this.sink.write({
      type: 'polis.controls',
      available: [...this.controls.available],
      halted: state.halted,
      ...(state.reason === undefined ? {} : { reason: state.reason }),
      ...(state.chaos === undefined ? {} : { chaos: state.chaos }),
    });
  }

  /**
   * Watches a system: its envelopes, dead letters, lifecycle, panels and counters, until it stops (the
   * next sample lets go of it) or the returned function is called.
   */
  attach(system: AgentSystem): () => void {
    const known = this.systems.get(system);
    if (known !== undefined) return known.detach;
    const label = this.labelFor(system);
    const subscriptions = this.tap(system, label);
    for (const agent of system.agents()) {
      this.sink.write({
        type: 'polis.lifecycle',
        event: 'spawned',
        agent: agent.id,
        system: label,
        at: this.now(),
      });
    }
    const panels = this.listenForPanels(system);
    const detach = () => {
      if (!this.systems.has(system)) return;
      for (const subscription of subscriptions) subscription.unsubscribe();
      panels();
      this.systems.delete(system);
    };
    this.systems.set(system, { label, detach });
    this.writeControls();
    this.startSampling();
    return detach;
  }

  /**
   * Publishes a panel (supervisor, reputation, consensus) directly. Parts that should not depend on the
   * inspector publish an `inspector-panel` content on `#polis.inspector.panels` instead.
   */
  publishPanel(panel: PanelName, data: unknown, id?: string): void {
    this.sink.write({
      type: 'polis.panel',
      panel,
      ...(id === undefined ? {} : { id }),
      data,
      at: this.now(),
    });
  }

  /**
   * Samples every attached system now: its counters, and the reputation and consensus panels of its agents
   * when they changed. A system that has stopped gets a last sample and is let go.
   */
  sample(): void {
    const at = this.now();
    for (const [system, { label, detach }] of this.systems) {
      this.sink.write(metricsOf(system, label, at));
      for (const { panel, id, data } of this.trustPanels.changed(system, label))
        this.publishPanel(panel, data, id);
      if (system.isStopped) detach();
    }
  }

  /** Stops watching every system. */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const { detach } of [...this.systems.values()]) detach();
  }

  /** The actor's key within this process: its id path from its root (`worker/fetch`). */
  pathOf(ref: AnyRef): string {
    const known = this.paths.get(ref);
    if (known !== undefined) return known;
    const parent = ref._parent;
    const path = parent === undefined ? ref.id : `${this.pathOf(parent)}/${ref.id}`;
    this.paths.set(ref, path);
    return path;
  }

  private actorCreated(ref: AnyRef): void {
    const logic = ref.logic;
    const machine = isMachine(logic) ? logic : undefined;
    const def = machine === undefined ? undefined : this.definitionOf(machine);
    const parent = ref._parent;
    this.sink.write({
      type: 'polis.actor',
      actor: this.pathOf(ref),
      id: ref.id,
      kind: machine?.id ?? kindOf(logic),
      ...(def === undefined ? {} : { def }),
      ...(parent === undefined ? {} : { parent: this.pathOf(parent) }),
      at: this.now(),
    });
  }

  private definitionOf(machine: AnyStateMachine): string | undefined {
    const known = this.definitions.get(machine);
    if (known !== undefined) return known;
    try {
      const def = `${machine.id}#${++this.definitionCount}`;
      this.sink.write({ type: 'polis.definition', def, chart: chartOf(machine) });
      this.definitions.set(machine, def);
      return def;
    } catch {
      return undefined;
    }
  }

  /**
   * The system's name on the page: its node id, made unique when another watched system has the same one
   * (a scenario that runs phases builds each phase's system from the same seed).
   */
  private labelFor(system: AgentSystem): string {
    const taken = new Set([...this.systems.values()].map((s) => s.label));
    let label = system.nodeId;
    for (let n = 2; taken.has(label); n++) label = `${system.nodeId}#${n}`;
    return label;
  }

  /** Frames for the system's envelopes, dead letters and lifecycle; panel traffic is not the system's own. */
  private tap(system: AgentSystem, label: string): Subscription[] {
    const isPanel = (envelope: Envelope) => envelope.receiver === `#${INSPECT_PANEL_TOPIC}`;
    return [
      system.bus.published$.subscribe((envelope) => {
        if (isPanel(envelope)) return;
        this.sink.write({ type: 'polis.envelope', envelope, system: label, at: this.now() });
      }),
      system.bus.deadLetters$.subscribe((letter) => {
        if (isPanel(letter.envelope)) return;
        this.sink.write({
          type: 'polis.dead-letter',
          envelope: letter.envelope,
          ...(letter.recipient === undefined ? {} : { recipient: letter.recipient }),
          reason: letter.reason,
          detail: letter.detail,
          system: label,
          at: this.now(),
        });
      }),
      system.lifecycle$.subscribe((record) =>
        this.sink.write({
          type: 'polis.lifecycle',
          event: record.event,
          agent: record.agent,
          ...(record.reason === undefined ? {} : { reason: record.reason }),
          ...(record.error === undefined ? {} : { error: record.error }),
          system: label,
          at: this.now(),
        }),
      ),
    ];
  }

  private listenForPanels(system: AgentSystem): () => void {
    if (system.bus.mailbox(MAILBOX_ID) !== undefined) return () => {};
    const mailbox = new PanelMailbox((envelope) => {
      const content = envelope.content;
      if (!isPanelContent(content)) return;
      this.publishPanel(content.panel, content.data, content.id);
    });
    system.bus.register(mailbox);
    system.bus.subscribe(INSPECT_PANEL_TOPIC, MAILBOX_ID);
    return () => {
      system.bus.unsubscribe(INSPECT_PANEL_TOPIC, MAILBOX_ID);
      system.bus.unregister(MAILBOX_ID);
    };
  }

  private startSampling(): void {
    if (this.timer !== undefined || this.metricsIntervalMs <= 0) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.metricsIntervalMs);
    this.timer.unref?.();
  }
}

/** Takes panel envelopes off the bus for the collector. */
class PanelMailbox extends Mailbox {
  readonly kind = 'service';

  constructor(private readonly take: (envelope: Envelope) => void) {
    super(MAILBOX_ID, 10_000);
  }

  deliver(envelope: Envelope): Refusal | undefined {
    this.take(envelope);
    return undefined;
  }
}

/** A system's counters and inboxes now, as a metrics frame. */
function metricsOf(system: AgentSystem, label: string, at: number): Frame {
  const stats = system.bus.stats();
  let depth = 0;
  let maxDepth = 0;
  const agents = system.agents();
  for (const agent of agents) {
    depth += agent.depth;
    if (agent.depth > maxDepth) maxDepth = agent.depth;
  }
  return {
    type: 'polis.metrics',
    system: label,
    at,
    published: stats.published,
    delivered: stats.delivered,
    deadLettered: stats.deadLettered,
    depth,
    maxDepth,
    agents: agents.length,
  };
}

function isMachine(logic: AnyActorLogic | undefined): logic is AnyStateMachine {
  return typeof logic === 'object' && logic !== null && 'root' in logic && 'id' in logic;
}

function kindOf(logic: AnyActorLogic | undefined): string {
  const config = (logic as { config?: unknown } | undefined)?.config;
  return typeof config === 'function' && config.name !== '' ? config.name : 'actor';
}

function snapshotData(snapshot: unknown): SnapshotData {
  const s = snapshot as {
    status?: string;
    value?: unknown;
    context?: unknown;
    error?: unknown;
    output?: unknown;
  };
  return {
    status: s.status,
    value: s.value,
    context: s.context,
    ...(s.error === undefined ? {} : { error: s.error }),
    ...(s.output === undefined ? {} : { output: s.output }),
  };
}

function takenOf(transition: {
  readonly source: { readonly id: string };
  readonly target?: readonly { readonly id: string }[] | undefined;
  readonly eventType: string;
}): TransitionTaken {
  return {
    source: transition.source.id,
    targets: (transition.target ?? []).map((t) => t.id),
    event: transition.eventType,
  };
}

function senderOf(
  sourceRef: AnyRef | undefined,
  event: object,
  collector: InspectCollector,
): { from?: string } {
  if (sourceRef !== undefined) return { from: collector.pathOf(sourceRef) };
  const sender = (event as { readonly sender?: unknown }).sender;
  return typeof sender === 'string' ? { from: sender } : {};
}
