import type { ChartNode } from '../../src/inspect/chart-definition.js';
import type {
  ActorDetail,
  ActorSummary,
  ClientMessage,
  DeltaMessage,
  InspectorStats,
  MessageRow,
  MetricSample,
  PanelState,
  ServerMessage,
  SourceInfo,
  SyncMessage,
  TimelineMark,
  TravelMessage,
} from '../../src/inspect/wire.js';

/** Messages kept in the page; the server keeps more for time travel. */
const MAX_MESSAGES = 3_000;
const MAX_METRICS = 600;
const MAX_PANEL_HISTORY = 120;
/** The page redraws at most this often, however fast updates arrive. */
const RENDER_INTERVAL_MS = 200;

export interface Notice {
  readonly id: number;
  readonly level: 'info' | 'warning';
  readonly text: string;
}

/**
 * Everything the page knows, updated from the server's messages. Components read it and re-render when
 * {@link Store.version} changes; changes are coalesced so the page redraws at most every 200 ms.
 */
export class Store {
  version = 0;
  connection: 'connecting' | 'open' | 'closed' = 'connecting';
  sources = new Map<string, SourceInfo>();
  actors = new Map<string, ActorSummary>();
  definitions = new Map<string, ChartNode>();
  messages: MessageRow[] = [];
  skippedMessages = 0;
  panels = new Map<string, PanelState>();
  panelHistory = new Map<string, PanelState[]>();
  metrics: MetricSample[] = [];
  marks: TimelineMark[] = [];
  stats: InspectorStats | undefined;
  detail: ActorDetail | undefined;
  selected: string | null = null;
  travel: TravelMessage | null = null;
  travelSeq: number | null = null;
  notices: Notice[] = [];
  commandResults = new Map<string, { ok: boolean; message: string }>();
  /** `travel`'s actors by key: every visible row of the actor list looks one up on each redraw. */
  private travelActors = new Map<string, TravelMessage['actors'][number]>();
  private listeners = new Set<() => void>();
  private scheduled = false;
  private lastRender = 0;
  private nextNotice = 1;
  private send: (message: ClientMessage) => void = () => {};

  connect(send: (message: ClientMessage) => void): void {
    this.send = send;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  receive(message: ServerMessage): void {
    switch (message.type) {
      case 'sync':
        this.applySync(message);
        break;
      case 'delta':
        this.applyDelta(message);
        break;
      case 'travel':
        if (this.travelSeq === null) break;
        this.travel = message;
        this.travelActors = new Map(message.actors.map((a) => [a.key, a]));
        break;
      case 'command-result':
        this.commandResults.set(message.id, { ok: message.ok, message: message.message });
        this.notify(message.message, message.ok ? 'info' : 'warning');
        break;
      case 'notice':
        this.notify(message.text, message.level);
        break;
    }
    this.changed();
  }

  setConnection(state: Store['connection']): void {
    this.connection = state;
    this.changed(true);
  }

  select(key: string | null): void {
    this.selected = key;
    this.detail = undefined;
    this.send({ type: 'select', actor: key });
    this.changed(true);
  }

  travelTo(seq: number | null): void {
    this.travelSeq = seq;
    if (seq === null) {
      this.travel = null;
      this.travelActors.clear();
    }
    this.send({ type: 'travel', seq });
    this.changed(true);
  }

  command(source: string, command: Extract<ClientMessage, { type: 'command' }>['command']): string {
    const id = `cmd-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    this.send({ type: 'command', id, source, command });
    return id;
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.changed(true);
  }

  /** An actor as shown now: live, or as it was at the travelled-to moment. */
  actorView(key: string): { status: ActorSummary['status']; value?: unknown } | undefined {
    if (this.travel !== null) return this.travelActors.get(key);
    return this.actors.get(key);
  }

  get shownDetail(): ActorDetail | undefined {
    return this.travel !== null ? this.travel.detail : this.detail;
  }

  get shownMessages(): readonly MessageRow[] {
    return this.travel !== null ? this.travel.messages : this.messages;
  }

  /** Reconnecting: start from a clean slate, the server sends everything again. */
  reset(): void {
    this.actors.clear();
    this.messages = [];
    this.metrics = [];
    this.marks = [];
    this.panels.clear();
    this.panelHistory.clear();
  }

  private applySync(message: SyncMessage): void {
    this.reset();
    this.sources = new Map(message.sources.map((s) => [s.id, s]));
    for (const actor of message.actors) this.actors.set(actor.key, actor);
    this.definitions = new Map(Object.entries(message.definitions));
    this.messages = message.messages.slice(-MAX_MESSAGES);
    for (const panel of message.panelHistory) this.addPanelHistory(panel);
    for (const panel of message.panels) this.panels.set(panel.key, panel);
    this.metrics = message.metrics.slice(-MAX_METRICS);
    this.marks = [...message.marks];
    this.stats = message.stats;
    if (this.selected !== null) this.send({ type: 'select', actor: this.selected });
  }

  private applyDelta(message: DeltaMessage): void {
    if (message.sources !== undefined) this.sources = new Map(message.sources.map((s) => [s.id, s]));
    for (const actor of message.actors) this.actors.set(actor.key, actor);
    for (const key of message.forgottenActors) this.actors.delete(key);
    for (const [key, chart] of Object.entries(message.definitions)) this.definitions.set(key, chart);
    if (message.messages.length > 0) {
      this.messages = this.messages.concat(message.messages);
      if (this.messages.length > MAX_MESSAGES) this.messages = this.messages.slice(-MAX_MESSAGES);
    }
    this.skippedMessages += message.skippedMessages;
    for (const panel of message.panels) {
      this.panels.set(panel.key, panel);
      this.addPanelHistory(panel);
    }
    if (message.metrics.length > 0) this.metrics = this.metrics.concat(message.metrics).slice(-MAX_METRICS);
    if (message.marks.length > 0) this.marks = this.marks.concat(message.marks).slice(-500);
    this.stats = message.stats;
    if (message.detail !== undefined && message.detail.key === this.selected) this.detail = message.detail;
  }

  private addPanelHistory(panel: PanelState): void {
    const list = this.panelHistory.get(panel.key) ?? [];
    list.push(panel);
    if (list.length > MAX_PANEL_HISTORY) list.shift();
    this.panelHistory.set(panel.key, list);
  }

  private notify(text: string, level: Notice['level']): void {
    const id = this.nextNotice++;
    this.notices = [...this.notices.slice(-4), { id, level, text }];
    setTimeout(() => this.dismiss(id), level === 'warning' ? 15_000 : 6_000);
  }

  /** Coalesces changes into at most one redraw per interval; user actions redraw at once. */
  private changed(now = false): void {
    if (this.scheduled) return;
    const wait = now ? 0 : Math.max(0, RENDER_INTERVAL_MS - (performance.now() - this.lastRender));
    this.scheduled = true;
    setTimeout(() => {
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.lastRender = performance.now();
        this.version++;
        for (const listener of this.listeners) listener();
      });
    }, wait);
  }
}

export const store = new Store();
