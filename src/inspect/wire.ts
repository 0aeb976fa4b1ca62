/*
 * What the inspector's server and its page say to each other over the page's socket. Types only: the page
 * is built from the same declarations, so both sides agree at compile time.
 */
import type { ChartNode } from './chart-definition.js';
import type { OperatorCommand } from './operator-command.js';

/** An actor's status as the inspector shows it. */
export type ActorStatus = 'active' | 'done' | 'failed' | 'stopped' | 'halted';

/** A producer: this process's systems, another Polis process, or an XState app. */
export interface SourceInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: 'local' | 'polis' | 'xstate';
  readonly connected: boolean;
  readonly controls?: {
    readonly available: readonly OperatorCommand['type'][];
    readonly halted: boolean;
    readonly reason?: string;
    readonly chaos?: boolean;
  };
}

/** One actor in the list. */
export interface ActorSummary {
  /** Unique across sources: `<source>/<path>`. */
  readonly key: string;
  readonly id: string;
  readonly source: string;
  readonly kind: string;
  /** The key of its statechart in `definitions`. */
  readonly def?: string;
  readonly parent?: string;
  readonly system?: string;
  readonly status: ActorStatus;
  /** XState's state value now (or at the travelled-to moment). */
  readonly value?: unknown;
  readonly events: number;
  readonly lastEvent?: string;
  /** The sequence number of its last change. */
  readonly seq: number;
}

/** A transition the actor took, by source state, event and targets. */
export interface TakenTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly event: string;
}

/** An entry of an actor's own recent history. */
export interface ActorEventRow {
  readonly seq: number;
  readonly at: number;
  readonly kind: 'event' | 'action' | 'lifecycle' | 'error';
  readonly text: string;
  readonly from?: string;
  readonly data?: unknown;
}

/** Everything the page shows about the selected actor. */
export interface ActorDetail {
  readonly key: string;
  readonly seq: number;
  readonly status: ActorStatus;
  readonly snapshot?: {
    readonly status?: string;
    readonly value?: unknown;
    readonly context?: unknown;
    readonly error?: unknown;
    readonly output?: unknown;
  };
  readonly transition?: { readonly seq: number; readonly taken: readonly TakenTransition[] };
  readonly recent: readonly ActorEventRow[];
}

/** One row of the message diagram: an envelope sent, or one that became a dead letter. */
export interface MessageRow {
  readonly seq: number;
  readonly at: number;
  readonly source: string;
  readonly kind: 'sent' | 'dead';
  readonly id: string;
  readonly performative: string;
  readonly sender: string;
  readonly receiver: string;
  readonly contentKind: string;
  readonly conversationId?: string;
  readonly inReplyTo?: string;
  readonly protocol?: string;
  readonly content?: unknown;
  /** For dead letters: to whom it was going, why it was not delivered, in words. */
  readonly recipient?: string;
  readonly reason?: string;
  readonly detail?: string;
}

/** A panel published by the supervisor, reputation or consensus. */
export interface PanelState {
  readonly key: string;
  readonly source: string;
  readonly panel: 'supervisor' | 'reputation' | 'consensus';
  readonly id: string;
  readonly seq: number;
  readonly at: number;
  readonly data: unknown;
}

/** One metrics sample with rates over the interval before it. */
export interface MetricSample {
  readonly source: string;
  readonly system: string;
  readonly seq: number;
  readonly at: number;
  readonly messagesPerSecond: number;
  readonly deadLettersPerSecond: number;
  readonly deadLettered: number;
  readonly depth: number;
  readonly maxDepth: number;
  readonly agents: number;
}

/** A moment worth a mark on the timeline. */
export interface TimelineMark {
  readonly seq: number;
  readonly at: number;
  readonly kind: 'failed' | 'halted' | 'resumed' | 'operator' | 'restarted';
  readonly text: string;
}

/** The server's counters. */
export interface InspectorStats {
  readonly frames: number;
  readonly framesPerSecond: number;
  readonly badFrames: number;
  readonly lastBadFrame?: { readonly at: number; readonly source: string; readonly problem: string };
  readonly refused: number;
  /** The oldest and newest sequence numbers time travel can reach. */
  readonly oldestSeq: number;
  readonly seq: number;
  readonly historyLimit: number;
  readonly historyDropped: number;
  /** Actors remembered now, and how many ended ones were forgotten to stay within the limit. */
  readonly actors: number;
  readonly actorsForgotten: number;
}

export interface SyncMessage {
  readonly type: 'sync';
  readonly sources: readonly SourceInfo[];
  readonly actors: readonly ActorSummary[];
  readonly definitions: Readonly<Record<string, ChartNode>>;
  readonly messages: readonly MessageRow[];
  readonly panels: readonly PanelState[];
  readonly panelHistory: readonly PanelState[];
  readonly metrics: readonly MetricSample[];
  readonly marks: readonly TimelineMark[];
  readonly stats: InspectorStats;
  readonly detail?: ActorDetail;
}

export interface DeltaMessage {
  readonly type: 'delta';
  readonly sources?: readonly SourceInfo[];
  readonly actors: readonly ActorSummary[];
  /** Keys of actors the server forgot (they ended long ago): the page drops them too. */
  readonly forgottenActors: readonly string[];
  readonly definitions: Readonly<Record<string, ChartNode>>;
  readonly messages: readonly MessageRow[];
  /** Messages that happened but were left out to keep the page responsive. */
  readonly skippedMessages: number;
  readonly panels: readonly PanelState[];
  readonly metrics: readonly MetricSample[];
  readonly marks: readonly TimelineMark[];
  readonly stats: InspectorStats;
  readonly detail?: ActorDetail;
}

/** The system as it was at `seq`. */
export interface TravelMessage {
  readonly type: 'travel';
  readonly seq: number;
  readonly at: number;
  readonly actors: readonly {
    readonly key: string;
    readonly status: ActorStatus;
    readonly value?: unknown;
  }[];
  readonly messages: readonly MessageRow[];
  readonly detail?: ActorDetail;
}

export interface CommandResultMessage {
  readonly type: 'command-result';
  readonly id: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface NoticeMessage {
  readonly type: 'notice';
  readonly level: 'info' | 'warning';
  readonly text: string;
}

/** Everything the server sends the page. */
export type ServerMessage = SyncMessage | DeltaMessage | TravelMessage | CommandResultMessage | NoticeMessage;

/** Everything the page sends the server (decoded there with `PageMessage`). */
export type ClientMessage =
  | { readonly type: 'select'; readonly actor: string | null }
  | { readonly type: 'travel'; readonly seq: number | null }
  | {
      readonly type: 'command';
      readonly id: string;
      readonly source: string;
      readonly command: OperatorCommand;
    };
