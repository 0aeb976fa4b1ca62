import { ActorRecord } from './actor-record.js';
import { type ChartNode, chartFromConfig } from './chart-definition.js';
import { inferTransitions } from './chart-state.js';
import type { EnvelopeData, Frame, FrameOf } from './frames.js';
import type { OperatorCommand } from './operator-command.js';
import { type CommandOutcome, HALT_PREFIX } from './operator-controls.js';
import { DEFAULT_PLAIN_LIMITS, type PlainLimits, toPlain } from './plain.js';
import { Ring } from './ring.js';
import type {
  ActorDetail,
  ActorStatus,
  InspectorStats,
  MessageRow,
  MetricSample,
  PanelState,
  SourceInfo,
  TimelineMark,
} from './wire.js';

/** How much the inspector remembers. Everything is bounded: old entries make room for new ones. */
export interface HubOptions {
  /** Frames on the timeline, i.e. how far back time travel reaches. Default 100,000. */
  readonly historyLimit?: number;
  /** Snapshots kept per actor for time travel. Default 200. */
  readonly snapshotsPerActor?: number;
  /** Events and actions kept per actor. Default 50. */
  readonly recentPerActor?: number;
  /** Messages and dead letters kept for the sequence diagram. Default 20,000. */
  readonly messageLimit?: number;
  /**
   * Actors remembered. Beyond it, the actors that ended longest ago (or whose producer went away) are
   * forgotten, and time travel then starts after their last change; live actors are never forgotten.
   * Default 10,000.
   */
  readonly actorLimit?: number;
  /** Wall-clock ms; the timeline is stamped with it. */
  readonly now?: () => number;
}

/** How a source carries out operator commands: in this process, or over its socket. */
export type Commander = (command: OperatorCommand) => Promise<CommandOutcome>;

/** A producer's handle on the hub: frames in, commands out. */
export interface SourceHandle {
  readonly id: string;
  ingest(frame: Frame): void;
  /** Counts and reports a frame that could not be decoded. */
  reportBadFrame(problem: string): void;
  close(): void;
}

interface Source {
  readonly id: string;
  name: string;
  kind: SourceInfo['kind'];
  /** The sequence number at which it disconnected; its actors are treated as ended from then on. */
  closedSeq: number | undefined;
  controls: SourceInfo['controls'];
  commander: Commander | undefined;
  /** `@statelyai/inspect` session ids → actor keys, and raw definitions → chart keys. */
  readonly sessions: Map<string, string>;
  readonly rawDefinitions: Map<string, string>;
  readonly lastMetrics: Map<string, FrameOf<'polis.metrics'>>;
}

const MAX_MESSAGES_PER_VIEW = 400;

/**
 * The inspector's memory: every source's actors, statecharts, messages, panels and metrics, with a bounded
 * past for time travel. Sources push frames in; pages read views out.
 *
 * @example
 * const hub = new InspectorHub({ historyLimit: 10_000 });
 * const source = hub.openSource('market', 'local');
 * source.ingest({ type: 'polis.lifecycle', event: 'spawned', agent: 'bidder-1', at: 0 });
 */
export class InspectorHub {
  /** The sequence number of the latest frame; every frame gets the next one. */
  seq = 0;
  readonly actors = new Map<string, ActorRecord>();
  readonly definitions = new Map<string, { readonly chart: ChartNode; readonly seq: number }>();
  readonly messages: Ring<MessageRow>;
  readonly panels = new Map<string, PanelState>();
  readonly panelHistory = new Ring<PanelState>(2_000);
  readonly metrics = new Ring<MetricSample>(3_600);
  readonly marks = new Ring<TimelineMark>(500);
  readonly badFrameLog = new Ring<{ seq: number; at: number; source: string; problem: string }>(100);
  /** Actors forgotten to stay within `actorLimit`, so pages drop them too. */
  readonly forgotten: Ring<{ readonly seq: number; readonly key: string }>;
  /** The sequence number of the last change to the list of sources. */
  sourcesSeq = 0;
  refused = 0;
  private readonly sources = new Map<string, Source>();
  private readonly times: Float64Array;
  private readonly historyLimit: number;
  private readonly actorLimit: number;
  /** Forgetting runs when this many actors are known, so a crowd of live actors does not make it run on every new one. */
  private nextSweepAt: number;
  /** Time travel reaches no further back than this: before it, forgotten actors would be missing. */
  private floorSeq = 1;
  private readonly limits: { snapshots: number; recent: number };
  private readonly now: () => number;
  private nextSource = 1;
  private rateStart = 0;
  private rateFrames = 0;
  private rate = 0;

  constructor(options: HubOptions = {}) {
    this.historyLimit = options.historyLimit ?? 100_000;
    this.times = new Float64Array(this.historyLimit);
    this.limits = { snapshots: options.snapshotsPerActor ?? 200, recent: options.recentPerActor ?? 50 };
    this.messages = new Ring(options.messageLimit ?? 20_000);
    this.actorLimit = Math.max(1, options.actorLimit ?? 10_000);
    this.nextSweepAt = this.actorLimit + 1;
    this.forgotten = new Ring(Math.max(1_000, this.actorLimit));
    this.now = options.now ?? Date.now;
    this.rateStart = this.now();
  }

  /** Registers a producer. `commander` makes its operator commands reachable from the page. */
  openSource(name: string, kind: SourceInfo['kind'], commander?: Commander): SourceHandle {
    const source: Source = {
      id: `s${this.nextSource++}`,
      name,
      kind,
      closedSeq: undefined,
      controls: undefined,
      commander,
      sessions: new Map(),
      rawDefinitions: new Map(),
      lastMetrics: new Map(),
    };
    this.sources.set(source.id, source);
    this.sourcesChanged();
    return {
      id: source.id,
      ingest: (frame) => this.ingest(source, frame),
      reportBadFrame: (problem) => this.badFrame(source, problem),
      close: () => {
        source.commander = undefined;
        this.sourcesChanged();
        source.closedSeq = this.seq;
      },
    };
  }

  /** Carries out an operator command on a source's system. */
  async command(sourceId: string, command: OperatorCommand): Promise<CommandOutcome> {
    const source = this.sources.get(sourceId);
    if (source?.commander === undefined || source.controls === undefined) {
      return { ok: false, message: `source '${sourceId}' is not connected or takes no commands` };
    }
    const outcome = await source.commander(command);
    this.mark('operator', `operator ${commandText(command)}: ${outcome.ok ? 'done' : outcome.message}`);
    return outcome;
  }

  sourceList(): SourceInfo[] {
    return [...this.sources.values()].map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      connected: s.closedSeq === undefined,
      ...(s.controls === undefined ? {} : { controls: s.controls }),
    }));
  }

  /** The oldest sequence number time travel can reach. */
  get oldestSeq(): number {
    return Math.max(1, this.seq - this.historyLimit + 1, this.floorSeq);
  }

  /**
   * The keys of the actors forgotten after `after`, or `undefined` when so many were forgotten since that
   * this can no longer be told (the page should then start over from a full picture).
   */
  forgottenSince(after: number): string[] | undefined {
    const oldest = this.forgotten.oldest;
    if (this.forgotten.dropped > 0 && oldest !== undefined && oldest.seq > after) return undefined;
    return this.forgotten.range(after, this.seq, this.forgotten.capacity).items.map((f) => f.key);
  }

  /** The wall-clock time of frame `seq` (clamped into the history). */
  timeOf(seq: number): number {
    if (this.seq === 0) return this.now();
    const clamped = Math.min(this.seq, Math.max(this.oldestSeq, seq));
    return this.times[clamped % this.historyLimit]!;
  }

  stats(): InspectorStats {
    const now = this.now();
    if (now - this.rateStart >= 1000) {
      this.rate = (this.rateFrames * 1000) / (now - this.rateStart);
      this.rateStart = now;
      this.rateFrames = 0;
    }
    const last = this.badFrameLog.newest;
    return {
      frames: this.seq,
      framesPerSecond: Math.round(this.rate),
      badFrames: this.badFrameLog.size + this.badFrameLog.dropped,
      ...(last === undefined
        ? {}
        : { lastBadFrame: { at: last.at, source: last.source, problem: last.problem } }),
      refused: this.refused,
      oldestSeq: this.oldestSeq,
      seq: this.seq,
      historyLimit: this.historyLimit,
      historyDropped: Math.max(0, this.seq - this.historyLimit),
      actors: this.actors.size,
      actorsForgotten: this.forgotten.size + this.forgotten.dropped,
    };
  }

  /** The selected actor as it is now (`seq` omitted) or was at `seq`. */
  detail(key: string, seq?: number, limits: PlainLimits = DEFAULT_PLAIN_LIMITS): ActorDetail | undefined {
    const record = this.actors.get(key);
    if (record === undefined) return undefined;
    const at = seq ?? this.seq;
    const snapshot = seq === undefined ? record.snapshots.newest : record.snapshots.atOrBefore(seq);
    const transition = seq === undefined ? record.transitions.newest : record.transitions.atOrBefore(seq);
    const recent = record.recent.range(0, at, 50).items;
    return {
      key,
      seq: seq === undefined ? record.seq : Math.min(seq, this.seq),
      status: seq === undefined ? record.status : record.statusAt(seq),
      ...(snapshot === undefined
        ? {}
        : { snapshot: toPlain(snapshot.snapshot, limits) as ActorDetail['snapshot'] }),
      ...(transition === undefined ? {} : { transition: { seq: transition.seq, taken: transition.taken } }),
      recent: recent.map((row) =>
        row.data === undefined ? row : { ...row, data: toPlain(row.data, SMALL) },
      ),
    };
  }

  /** Everything as it was at `seq`: statuses and states of the actors that existed, and the messages. */
  travel(seq: number): {
    seq: number;
    at: number;
    actors: { key: string; status: ActorStatus; value?: unknown }[];
  } {
    const target = Math.min(this.seq, Math.max(this.oldestSeq, seq));
    const actors: { key: string; status: ActorStatus; value?: unknown }[] = [];
    for (const record of this.actors.values()) {
      if (record.createdSeq > target) continue;
      const snapshot = record.snapshots.atOrBefore(target) ?? record.snapshots.oldest;
      const value = snapshot?.snapshot.value;
      actors.push({
        key: record.key,
        status: record.statusAt(target),
        ...(value === undefined ? {} : { value }),
      });
    }
    return { seq: target, at: this.timeOf(target), actors };
  }

  /** Up to `limit` messages after `after` and up to `upTo`, newest kept; content made plain. */
  messageRows(
    after: number,
    upTo: number,
    limit = MAX_MESSAGES_PER_VIEW,
  ): { rows: MessageRow[]; skipped: number } {
    const { items, skipped } = this.messages.range(after, upTo, limit);
    return { rows: items.map(plainRow), skipped };
  }

  private ingest(source: Source, frame: Frame): void {
    const seq = ++this.seq;
    const at = this.now();
    this.times[seq % this.historyLimit] = at;
    this.rateFrames++;
    switch (frame.type) {
      case 'polis.hello':
        source.name = frame.name;
        source.kind = 'polis';
        return this.sourcesChanged();
      case 'polis.definition':
        this.definitions.set(`${source.id}/${frame.def}`, { chart: frame.chart, seq });
        return;
      case 'polis.actor':
        return this.actorFrame(source, frame, seq, at);
      case 'polis.event':
        return this.eventFrame(source, frame, seq, at);
      case 'polis.microstep': {
        const record = this.actors.get(`${source.id}/${frame.actor}`);
        if (record !== undefined) record.pending.push(...frame.transitions);
        return;
      }
      case 'polis.action': {
        const record = this.actors.get(`${source.id}/${frame.actor}`);
        record?.recent.push({ seq, at, kind: 'action', text: frame.action });
        return;
      }
      case 'polis.snapshot':
        this.actorOf(source, frame.actor, seq, at).addSnapshot(frame.snapshot, seq, at);
        return;
      case 'polis.envelope':
        return this.messages.push(rowOf(source, frame.envelope, seq, at, 'sent'));
      case 'polis.dead-letter':
        return this.messages.push({
          ...rowOf(source, frame.envelope, seq, at, 'dead'),
          ...(frame.recipient === undefined ? {} : { recipient: frame.recipient }),
          reason: frame.reason,
          detail: frame.detail,
        });
      case 'polis.lifecycle':
        return this.lifecycleFrame(source, frame, seq, at);
      case 'polis.panel':
        return this.panelFrame(source, frame, seq, at);
      case 'polis.metrics':
        return this.metricsFrame(source, frame, seq);
      case 'polis.controls':
        source.controls = {
          available: frame.available,
          halted: frame.halted,
          ...(frame.reason === undefined ? {} : { reason: frame.reason }),
          ...(frame.chaos === undefined ? {} : { chaos: frame.chaos }),
        };
        return this.sourcesChanged();
      case 'polis.command-result':
        return; // answered through the source's commander
      case '@xstate.actor':
        return this.statelyActor(source, frame, seq, at);
      case '@xstate.event':
        return this.statelyEvent(source, frame, seq, at);
      case '@xstate.snapshot':
        return this.statelySnapshot(source, frame, seq, at);
    }
  }

  private actorOf(source: Source, path: string, seq: number, at: number, kind = 'actor'): ActorRecord {
    const key = `${source.id}/${path}`;
    let record = this.actors.get(key);
    if (record === undefined) {
      const slash = path.lastIndexOf('/');
      record = new ActorRecord(
        key,
        slash < 0 ? path : path.slice(slash + 1),
        source.id,
        seq,
        at,
        kind,
        this.limits,
      );
      this.actors.set(key, record);
      if (slash > 0) {
        record.parent = `${source.id}/${path.slice(0, slash)}`;
        this.actors.get(record.parent)?.children.add(key);
      }
      if (this.actors.size >= this.nextSweepAt) this.forgetEndedActors();
    }
    return record;
  }

  /**
   * Forgets the actors that ended longest ago until a tenth of the limit is free again, and moves the start
   * of time travel past their last change, so that no moment it can still show misses one of them.
   */
  private forgetEndedActors(): void {
    const keep = Math.floor(this.actorLimit * 0.9);
    const ended: { record: ActorRecord; endedSeq: number }[] = [];
    for (const record of this.actors.values()) {
      const endedSeq = this.endedAt(record);
      if (endedSeq !== undefined) ended.push({ record, endedSeq });
    }
    ended.sort((a, b) => a.endedSeq - b.endedSeq);
    const gone = ended.slice(0, Math.max(0, this.actors.size - keep));
    for (const { record } of gone) this.forget(record);
    const last = gone.at(-1);
    if (last !== undefined) this.floorSeq = Math.max(this.floorSeq, Math.min(this.seq, last.endedSeq + 1));
    this.nextSweepAt = Math.max(this.actorLimit + 1, this.actors.size + Math.max(1, this.actorLimit - keep));
  }

  /** When an actor's story ended: its last change once it stopped, or its producer's disconnection. */
  private endedAt(record: ActorRecord): number | undefined {
    if (record.status !== 'active') return record.seq;
    const closed = this.sources.get(record.source)?.closedSeq;
    return closed === undefined ? undefined : Math.max(record.seq, closed);
  }

  private forget(record: ActorRecord): void {
    this.actors.delete(record.key);
    if (record.parent !== undefined) this.actors.get(record.parent)?.children.delete(record.key);
    // A forgotten `@statelyai/inspect` session must not keep its name alive either.
    this.sources.get(record.source)?.sessions.delete(record.key.slice(record.source.length + 1));
    this.forgotten.push({ seq: this.seq, key: record.key });
  }

  private actorFrame(source: Source, frame: FrameOf<'polis.actor'>, seq: number, at: number): void {
    const record = this.actorOf(source, frame.actor, seq, at, frame.kind);
    record.kind = frame.kind;
    if (frame.def !== undefined) record.def = `${source.id}/${frame.def}`;
    if (frame.system !== undefined) record.system = frame.system;
    if (frame.parent !== undefined) {
      record.parent = `${source.id}/${frame.parent}`;
      this.actors.get(record.parent)?.children.add(record.key);
    }
    record.setStatus('active', seq, at);
    record.seq = seq;
    if (frame.snapshot !== undefined) record.addSnapshot(frame.snapshot, seq, at);
  }

  private eventFrame(source: Source, frame: FrameOf<'polis.event'>, seq: number, at: number): void {
    const record = this.actors.get(`${source.id}/${frame.actor}`);
    if (record === undefined) return;
    record.events++;
    record.lastEvent = frame.name;
    record.seq = seq;
    record.recent.push({
      seq,
      at,
      kind: 'event',
      text: eventText(frame.name),
      ...(frame.from === undefined ? {} : { from: frame.from }),
      data: frame.event,
    });
  }

  private lifecycleFrame(source: Source, frame: FrameOf<'polis.lifecycle'>, seq: number, at: number): void {
    const error = frame.error === undefined ? '' : `: ${frame.error.message}`;
    const reason = frame.reason === undefined ? '' : `: ${frame.reason}`;
    const mark = LIFECYCLE_MARKS[frame.event];
    if (mark !== undefined) this.mark(mark, `${frame.agent} ${frame.event}${error || reason}`);
    const known = this.actors.get(`${source.id}/${frame.agent}`);
    // Supervision announces what happens to the whole system (a halt, a resume) under its own name: a mark
    // on the timeline, not an actor.
    if (known === undefined && frame.event !== 'spawned' && frame.event !== 'restarted') return;
    const record = known ?? this.actorOf(source, frame.agent, seq, at);
    if (frame.system !== undefined) record.system = frame.system;
    const text = `${frame.event}${reason}${frame.error === undefined ? '' : ` (${frame.error.name}${error})`}`;
    record.recent.push({ seq, at, kind: frame.event === 'failed' ? 'error' : 'lifecycle', text });
    const status = lifecycleStatus(frame.event, frame.reason);
    if (status === undefined) return;
    record.setStatus(status, seq, at);
    if (status !== 'active')
      for (const child of record.children) this.actors.get(child)?.setStatus(status, seq, at);
  }

  private panelFrame(source: Source, frame: FrameOf<'polis.panel'>, seq: number, at: number): void {
    const id = frame.id ?? 'main';
    const key = `${source.id}/${frame.panel}/${id}`;
    const data = toPlain(frame.data);
    const state: PanelState = { key, source: source.id, panel: frame.panel, id, seq, at, data };
    this.panels.set(key, state);
    this.panelHistory.push(state);
  }

  private metricsFrame(source: Source, frame: FrameOf<'polis.metrics'>, seq: number): void {
    const system = frame.system ?? 'main';
    const before = source.lastMetrics.get(system);
    source.lastMetrics.set(system, frame);
    const seconds = before === undefined ? 0 : (frame.at - before.at) / 1000;
    const per = (now: number, then: number | undefined) =>
      seconds > 0 && then !== undefined ? Math.max(0, (now - then) / seconds) : 0;
    this.metrics.push({
      source: source.id,
      system,
      seq,
      at: frame.at,
      messagesPerSecond: per(frame.published, before?.published),
      deadLettersPerSecond: per(frame.deadLettered, before?.deadLettered),
      deadLettered: frame.deadLettered,
      depth: frame.depth,
      maxDepth: frame.maxDepth,
      agents: frame.agents,
    });
  }

  private statelyActor(source: Source, frame: FrameOf<'@xstate.actor'>, seq: number, at: number): void {
    const record = this.actorOf(source, frame.sessionId, seq, at, frame.name ?? 'actor');
    record.id = frame.name ?? frame.sessionId;
    record.kind = frame.name ?? record.kind;
    source.sessions.set(frame.sessionId, record.id);
    if (source.name.startsWith('connection ')) {
      source.name = frame.name ?? source.name;
      this.sourcesChanged();
    }
    if (frame.parentId != null) {
      record.parent = `${source.id}/${frame.parentId}`;
      this.actors.get(record.parent)?.children.add(record.key);
    }
    if (frame.definition !== undefined) record.def = this.statelyDefinition(source, frame.definition, seq);
    record.setStatus('active', seq, at);
    record.seq = seq;
    const snapshot = frame.snapshot as { status?: string; value?: unknown; context?: unknown } | undefined;
    if (typeof snapshot === 'object' && snapshot !== null) record.addSnapshot(snapshot, seq, at);
  }

  private statelyDefinition(source: Source, raw: string, seq: number): string | undefined {
    const known = source.rawDefinitions.get(raw);
    if (known !== undefined) return known;
    const chart = chartFromConfig(raw);
    if (chart === undefined) return undefined;
    const key = `${source.id}/${chart.id}#${source.rawDefinitions.size + 1}`;
    source.rawDefinitions.set(raw, key);
    this.definitions.set(key, { chart, seq });
    return key;
  }

  private statelyEvent(source: Source, frame: FrameOf<'@xstate.event'>, seq: number, at: number): void {
    const record = this.actorOf(source, frame.sessionId, seq, at);
    const name = frame.event.type;
    const from = frame.sourceId == null ? undefined : (source.sessions.get(frame.sourceId) ?? frame.sourceId);
    record.events++;
    record.lastEvent = name;
    record.seq = seq;
    record.recent.push({
      seq,
      at,
      kind: 'event',
      text: name,
      ...(from === undefined ? {} : { from }),
      data: frame.event,
    });
    if (from !== undefined && frame.sourceId !== frame.sessionId) {
      // An event from one actor to another is a message: draw it in the sequence diagram.
      this.messages.push({
        seq,
        at,
        source: source.id,
        kind: 'sent',
        id: `${source.id}-${seq}`,
        performative: 'event',
        sender: from,
        receiver: source.sessions.get(frame.sessionId) ?? frame.sessionId,
        contentKind: name,
        content: frame.event,
      });
    }
  }

  private statelySnapshot(source: Source, frame: FrameOf<'@xstate.snapshot'>, seq: number, at: number): void {
    const record = this.actorOf(source, frame.sessionId, seq, at);
    const event = (frame.event as { type?: unknown } | undefined)?.type;
    const chart = record.def === undefined ? undefined : this.definitions.get(record.def)?.chart;
    if (chart !== undefined && typeof event === 'string' && 'value' in frame.snapshot) {
      record.pending = inferTransitions(chart, record.value, frame.snapshot.value, event);
    }
    record.addSnapshot(frame.snapshot as { status?: string; value?: unknown }, seq, at);
  }

  private badFrame(source: Source, problem: string): void {
    this.badFrameLog.push({ seq: this.seq, at: this.now(), source: source.id, problem });
  }

  private mark(kind: TimelineMark['kind'], text: string): void {
    this.marks.push({ seq: this.seq, at: this.now(), kind, text });
  }

  private sourcesChanged(): void {
    this.sourcesSeq = ++this.seq;
    this.times[this.seq % this.historyLimit] = this.now();
  }
}

const SMALL: PlainLimits = { depth: 4, width: 30, text: 300 };

/** A command in words for the timeline: `halt (runaway bidding)`, `chaos on`. */
function commandText(command: OperatorCommand): string {
  switch (command.type) {
    case 'halt':
    case 'resume':
      return `${command.type} (${command.reason})`;
    case 'chaos':
      return `chaos ${command.enabled ? 'on' : 'off'}`;
  }
}

function rowOf(
  source: Source,
  envelope: EnvelopeData,
  seq: number,
  at: number,
  kind: 'sent' | 'dead',
): MessageRow {
  const content = envelope.content as { kind?: unknown } | undefined;
  return {
    seq,
    at,
    source: source.id,
    kind,
    id: envelope.id,
    performative: envelope.performative,
    sender: envelope.sender,
    receiver: envelope.receiver,
    contentKind: typeof content?.kind === 'string' ? content.kind : '?',
    ...(envelope.conversationId === undefined ? {} : { conversationId: envelope.conversationId }),
    ...(envelope.inReplyTo === undefined ? {} : { inReplyTo: envelope.inReplyTo }),
    ...(envelope.protocol === undefined ? {} : { protocol: envelope.protocol }),
    content: envelope.content,
  };
}

function plainRow(row: MessageRow): MessageRow {
  return row.content === undefined ? row : { ...row, content: toPlain(row.content, SMALL) };
}

/** XState's internal event names in words: `xstate.after.think.worker.busy` → `after think (worker.busy)`. */
function eventText(name: string): string {
  if (name.startsWith('xstate.after.')) {
    const [, , delay, ...state] = name.split('.');
    return `after ${delay} (${state.join('.')})`;
  }
  return name;
}

/** The lifecycle events worth a mark on the timeline. */
const LIFECYCLE_MARKS: Partial<Record<string, TimelineMark['kind']>> = {
  failed: 'failed',
  halted: 'halted',
  resumed: 'resumed',
  restarted: 'restarted',
};

/** Whether a stop was a halt: the inspector's own emergency stop, or supervision's (`halted (tripwire)`). */
function isHaltReason(reason: string | undefined): boolean {
  return reason !== undefined && (reason.startsWith(HALT_PREFIX) || /^halted\b/.test(reason));
}

function lifecycleStatus(event: string, reason: string | undefined): ActorStatus | undefined {
  switch (event) {
    case 'spawned':
    case 'restarted':
    case 'resumed':
      return 'active';
    case 'failed':
      return 'failed';
    case 'halted':
      return 'halted';
    case 'stopped':
      if (isHaltReason(reason)) return 'halted';
      return reason === 'reached a final state' ? 'done' : 'stopped';
    default:
      return undefined;
  }
}
