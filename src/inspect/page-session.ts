import { Either, Schema } from 'effect';
import type { WebSocket } from 'ws';
import type { InspectorHub } from './inspector-hub.js';
import { decodeOperatorCommand } from './operator-command.js';
import type { ActorSummary, DeltaMessage, ServerMessage, SyncMessage } from './wire.js';

/** What a page may send; anything else is answered with a notice and otherwise ignored. */
const PageMessage = Schema.Union(
  Schema.Struct({
    type: Schema.Literal('select'),
    actor: Schema.NullOr(Schema.String.pipe(Schema.maxLength(2048))),
  }),
  Schema.Struct({ type: Schema.Literal('travel'), seq: Schema.NullOr(Schema.Number) }),
  Schema.Struct({
    type: Schema.Literal('command'),
    id: Schema.String.pipe(Schema.maxLength(100)),
    source: Schema.String.pipe(Schema.maxLength(100)),
    command: Schema.Unknown,
  }),
);
const decodePageMessage = Schema.decodeUnknownEither(PageMessage);

/** Messages per update at most: the diagram shows the newest hundred or so, older ones are counted. */
const DELTA_MESSAGES = 150;

/** Bytes waiting on a page's socket above which updates are skipped until it catches up. */
const BACKLOG_LIMIT = 8 * 1024 * 1024;

/**
 * One open page: sends it the whole picture once, then throttled deltas (what changed since the last), and
 * answers its selections, time-travel requests and operator commands.
 */
export class PageSession {
  private selected: string | null = null;
  private travelSeq: number | null = null;
  private lastSeq = 0;
  private lastSent = 0;
  private detailDirty = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: InspectorHub,
    /** Tells the other pages what this page's operator did. */
    private readonly notifyOthers: (text: string) => void,
    private readonly flushMs: number,
  ) {}

  start(): void {
    this.send(this.sync());
    this.timer = setInterval(() => this.flush(), this.flushMs);
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      void this.receive(data.toString());
    });
    this.socket.on('close', () => this.stop());
    // A page that breaks the protocol (e.g. a message over the size limit) loses its socket, nothing more.
    this.socket.on('error', () => this.stop());
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  notice(text: string, level: 'info' | 'warning' = 'info'): void {
    this.send({ type: 'notice', level, text });
  }

  /** Sends what changed since the last delta; skips while the page's socket is backed up. */
  flush(): void {
    const hub = this.hub;
    if (this.socket.bufferedAmount > BACKLOG_LIMIT) return;
    const now = Date.now();
    if (hub.seq === this.lastSeq && !this.detailDirty && now - this.lastSent < 1000) return;
    const after = this.lastSeq;
    const forgottenActors = hub.forgottenSince(after);
    // Too many actors were forgotten since the last update to list them: start the page over.
    if (forgottenActors === undefined) return this.send(this.sync());
    const upTo = hub.seq;
    const { rows, skipped } = hub.messageRows(after, upTo, DELTA_MESSAGES);
    const detail = this.liveDetail(after);
    const delta: DeltaMessage = {
      type: 'delta',
      ...(hub.sourcesSeq > after ? { sources: hub.sourceList() } : {}),
      actors: changedActors(hub, after),
      forgottenActors,
      definitions: definitionsAfter(hub, after),
      messages: rows,
      skippedMessages: skipped,
      panels: [...hub.panels.values()].filter((p) => p.seq > after),
      metrics: hub.metrics.range(after, upTo, 1000).items,
      marks: hub.marks.range(after, upTo, 500).items,
      stats: hub.stats(),
      ...(detail === undefined ? {} : { detail }),
    };
    this.lastSeq = upTo;
    this.lastSent = now;
    this.detailDirty = false;
    this.send(delta);
  }

  private liveDetail(after: number) {
    if (this.selected === null) return undefined;
    const record = this.hub.actors.get(this.selected);
    if (record === undefined || (!this.detailDirty && record.seq <= after)) return undefined;
    return this.hub.detail(this.selected);
  }

  private sync(): SyncMessage {
    const hub = this.hub;
    this.lastSeq = hub.seq;
    this.lastSent = Date.now();
    const definitions: Record<string, SyncMessage['definitions'][string]> = {};
    for (const [key, { chart }] of hub.definitions) definitions[key] = chart;
    return {
      type: 'sync',
      sources: hub.sourceList(),
      actors: [...hub.actors.values()].map((r) => r.summary()),
      definitions,
      messages: hub.messageRows(0, hub.seq).rows,
      panels: [...hub.panels.values()],
      panelHistory: hub.panelHistory.toArray(),
      metrics: hub.metrics.toArray(),
      marks: hub.marks.toArray(),
      stats: hub.stats(),
    };
  }

  private async receive(text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.notice('the inspector could not read a message from this page', 'warning');
    }
    const decoded = decodePageMessage(parsed);
    if (Either.isLeft(decoded)) return this.notice('the inspector refused a malformed request', 'warning');
    const message = decoded.right;
    switch (message.type) {
      case 'select':
        this.selected = message.actor;
        this.detailDirty = true;
        if (this.travelSeq !== null) this.sendTravel();
        else this.flush();
        return;
      case 'travel':
        this.travelSeq = message.seq;
        if (message.seq !== null) this.sendTravel();
        else {
          this.detailDirty = true;
          this.flush();
        }
        return;
      case 'command':
        return this.command(message.id, message.source, message.command);
    }
  }

  private sendTravel(): void {
    if (this.travelSeq === null) return;
    const hub = this.hub;
    const moment = hub.travel(this.travelSeq);
    const detail = this.selected === null ? undefined : hub.detail(this.selected, moment.seq);
    this.send({
      type: 'travel',
      seq: moment.seq,
      at: moment.at,
      actors: moment.actors,
      messages: hub.messageRows(0, moment.seq).rows,
      ...(detail === undefined ? {} : { detail }),
    });
  }

  private async command(id: string, source: string, input: unknown): Promise<void> {
    const decoded = decodeOperatorCommand(input);
    if (!decoded.ok) return this.send({ type: 'command-result', id, ok: false, message: decoded.error });
    const outcome = await this.hub.command(source, decoded.value);
    this.send({ type: 'command-result', id, ok: outcome.ok, message: outcome.message });
    if (outcome.ok) this.notifyOthers(`operator: ${outcome.message}`);
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }
}

function changedActors(hub: InspectorHub, after: number): ActorSummary[] {
  const out: ActorSummary[] = [];
  for (const record of hub.actors.values()) if (record.seq > after) out.push(record.summary());
  return out;
}

function definitionsAfter(hub: InspectorHub, after: number): DeltaMessage['definitions'] {
  const out: Record<string, DeltaMessage['definitions'][string]> = {};
  for (const [key, { chart, seq }] of hub.definitions) if (seq > after) out[key] = chart;
  return out;
}
