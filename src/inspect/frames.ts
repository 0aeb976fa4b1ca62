import { Either, ParseResult, Schema } from 'effect';
import type { ChartNode, ChartTransition } from './chart-definition.js';

/*
 * The frames a producer (a Polis system in this or another process, or any XState app through
 * `@statelyai/inspect`) sends to the inspector. Over a socket each text message is one frame or a
 * `polis.batch` of frames; in this process the collector hands frames over directly.
 */

const Name = Schema.String.pipe(Schema.maxLength(1024));
const Key = Schema.String.pipe(Schema.maxLength(2048));
const At = Schema.Number;

const ChartTransitionSchema: Schema.Schema<ChartTransition> = Schema.Struct({
  event: Name,
  label: Name,
  targets: Schema.Array(Key),
  guard: Schema.optional(Name),
  actions: Schema.Array(Name),
  reenter: Schema.Boolean,
});

/** The normalized statechart, checked as it arrives from another process. */
export const ChartNodeSchema: Schema.Schema<ChartNode> = Schema.Struct({
  id: Key,
  key: Name,
  type: Schema.Literal('atomic', 'compound', 'parallel', 'final', 'history'),
  initial: Schema.optional(Key),
  children: Schema.Array(Schema.suspend(() => ChartNodeSchema)),
  transitions: Schema.Array(ChartTransitionSchema),
  entry: Schema.Array(Name),
  exit: Schema.Array(Name),
  invoke: Schema.Array(Name),
  tags: Schema.Array(Name),
  description: Schema.optional(Schema.String),
});

/** An actor's snapshot, reduced to what the inspector shows. */
export const SnapshotData = Schema.Struct({
  status: Schema.optional(Schema.String),
  value: Schema.optional(Schema.Unknown),
  context: Schema.optional(Schema.Unknown),
  error: Schema.optional(Schema.Unknown),
  output: Schema.optional(Schema.Unknown),
});
export type SnapshotData = Schema.Schema.Type<typeof SnapshotData>;

/** The fields of an envelope the message diagram needs; the rest passes through unchecked. */
export const EnvelopeData = Schema.Struct({
  id: Key,
  performative: Name,
  sender: Key,
  receiver: Key,
  content: Schema.Unknown,
  priority: Schema.optional(Name),
  sentAt: Schema.optional(At),
  conversationId: Schema.optional(Key),
  inReplyTo: Schema.optional(Key),
  protocol: Schema.optional(Name),
});
export type EnvelopeData = Schema.Schema.Type<typeof EnvelopeData>;

export const HelloFrame = Schema.Struct({
  type: Schema.Literal('polis.hello'),
  name: Name,
  pid: Schema.optional(Schema.Number),
});

export const DefinitionFrame = Schema.Struct({
  type: Schema.Literal('polis.definition'),
  def: Key,
  chart: ChartNodeSchema,
});

export const ActorFrame = Schema.Struct({
  type: Schema.Literal('polis.actor'),
  /** The actor's path from its root (`worker`, `worker/fetch`): its key within the producer. */
  actor: Key,
  /** Its XState id. */
  id: Name,
  /** What kind of actor: the machine id, or `promise`, `callback`, … */
  kind: Name,
  def: Schema.optional(Key),
  parent: Schema.optional(Key),
  system: Schema.optional(Name),
  snapshot: Schema.optional(SnapshotData),
  at: At,
});

export const EventFrame = Schema.Struct({
  type: Schema.Literal('polis.event'),
  actor: Key,
  event: Schema.Unknown,
  name: Name,
  from: Schema.optional(Key),
  at: At,
});

const TransitionTaken = Schema.Struct({ source: Key, targets: Schema.Array(Key), event: Name });
export type TransitionTaken = Schema.Schema.Type<typeof TransitionTaken>;

export const MicrostepFrame = Schema.Struct({
  type: Schema.Literal('polis.microstep'),
  actor: Key,
  event: Name,
  transitions: Schema.Array(TransitionTaken),
  at: At,
});

export const ActionFrame = Schema.Struct({
  type: Schema.Literal('polis.action'),
  actor: Key,
  action: Name,
  at: At,
});

export const SnapshotFrame = Schema.Struct({
  type: Schema.Literal('polis.snapshot'),
  actor: Key,
  snapshot: SnapshotData,
  event: Schema.optional(Name),
  at: At,
});

export const EnvelopeFrame = Schema.Struct({
  type: Schema.Literal('polis.envelope'),
  envelope: EnvelopeData,
  system: Schema.optional(Name),
  at: At,
});

export const DeadLetterFrame = Schema.Struct({
  type: Schema.Literal('polis.dead-letter'),
  envelope: EnvelopeData,
  recipient: Schema.optional(Key),
  reason: Name,
  detail: Schema.String,
  system: Schema.optional(Name),
  at: At,
});

export const LifecycleFrame = Schema.Struct({
  type: Schema.Literal('polis.lifecycle'),
  event: Name,
  agent: Key,
  reason: Schema.optional(Schema.String),
  error: Schema.optional(Schema.Struct({ name: Schema.String, message: Schema.String })),
  system: Schema.optional(Name),
  at: At,
});

/** The panels other parts of Polis publish without depending on the inspector. */
export const PanelName = Schema.Literal('supervisor', 'reputation', 'consensus');
export type PanelName = Schema.Schema.Type<typeof PanelName>;

export const PanelFrame = Schema.Struct({
  type: Schema.Literal('polis.panel'),
  panel: PanelName,
  /** Which supervisor, reputation store or consensus group; one panel per id. Default `main`. */
  id: Schema.optional(Name),
  data: Schema.Unknown,
  at: Schema.optional(At),
});

export const MetricsFrame = Schema.Struct({
  type: Schema.Literal('polis.metrics'),
  system: Schema.optional(Name),
  at: At,
  /** Counters since the system started (the bus's), and the inboxes now. */
  published: Schema.Number,
  delivered: Schema.Number,
  deadLettered: Schema.Number,
  depth: Schema.Number,
  maxDepth: Schema.Number,
  agents: Schema.Number,
});

export const OperatorAction = Schema.Literal('halt', 'resume', 'chaos');

export const ControlsFrame = Schema.Struct({
  type: Schema.Literal('polis.controls'),
  available: Schema.Array(OperatorAction),
  halted: Schema.Boolean,
  reason: Schema.optional(Schema.String),
  chaos: Schema.optional(Schema.Boolean),
});

export const CommandResultFrame = Schema.Struct({
  type: Schema.Literal('polis.command-result'),
  id: Key,
  ok: Schema.Boolean,
  message: Schema.optional(Schema.String),
});

const OptionalId = Schema.optional(Schema.NullOr(Key));

/** `@statelyai/inspect`'s frames (`createWebSocketInspector`), version 0.x. */
export const StatelyActorFrame = Schema.Struct({
  type: Schema.Literal('@xstate.actor'),
  _version: Schema.String,
  sessionId: Key,
  name: Schema.optional(Name),
  parentId: OptionalId,
  rootId: OptionalId,
  definition: Schema.optional(Schema.String),
  snapshot: Schema.optional(Schema.Unknown),
});

export const StatelyEventFrame = Schema.Struct({
  type: Schema.Literal('@xstate.event'),
  _version: Schema.String,
  sessionId: Key,
  event: Schema.Struct({ type: Name }, Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  sourceId: OptionalId,
});

export const StatelySnapshotFrame = Schema.Struct({
  type: Schema.Literal('@xstate.snapshot'),
  _version: Schema.String,
  sessionId: Key,
  snapshot: Schema.Struct({ status: Schema.optional(Schema.String), value: Schema.optional(Schema.Unknown) }),
  event: Schema.optional(Schema.Unknown),
});

/** Every frame the inspector accepts. */
export const Frame = Schema.Union(
  HelloFrame,
  DefinitionFrame,
  ActorFrame,
  EventFrame,
  MicrostepFrame,
  ActionFrame,
  SnapshotFrame,
  EnvelopeFrame,
  DeadLetterFrame,
  LifecycleFrame,
  PanelFrame,
  MetricsFrame,
  ControlsFrame,
  CommandResultFrame,
  StatelyActorFrame,
  StatelyEventFrame,
  StatelySnapshotFrame,
);
export type Frame = Schema.Schema.Type<typeof Frame>;
export type FrameOf<T extends Frame['type']> = Extract<Frame, { type: T }>;

/** How many frames one `polis.batch` may hold. */
export const MAX_BATCH = 10_000;

export const BatchFrame = Schema.Struct({
  type: Schema.Literal('polis.batch'),
  frames: Schema.Array(Schema.Unknown).pipe(Schema.maxItems(MAX_BATCH)),
});

/** What decoding one socket message gave: the good frames and a description of each bad one. */
export interface DecodedMessage {
  readonly frames: Frame[];
  readonly problems: string[];
}

const decodeFrame = Schema.decodeUnknownEither(Frame);
const decodeBatch = Schema.decodeUnknownEither(BatchFrame);

/**
 * Decodes one text message from a producer: a frame or a batch. A bad frame in a batch is reported and the
 * rest kept. Never throws.
 *
 * @example
 * const { frames, problems } = decodeFrames('{"type":"polis.hello","name":"app"}');
 */
export function decodeFrames(text: string): DecodedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { frames: [], problems: [`not JSON (${(error as Error).message})`] };
  }
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    (parsed as { type?: unknown }).type === 'polis.batch'
  ) {
    const batch = decodeBatch(parsed);
    if (Either.isLeft(batch)) return { frames: [], problems: [describe(parsed, batch.left)] };
    const frames: Frame[] = [];
    const problems: string[] = [];
    for (const item of batch.right.frames) {
      const one = decodeFrame(item);
      if (Either.isRight(one)) frames.push(one.right);
      else problems.push(describe(item, one.left));
    }
    return { frames, problems };
  }
  const one = decodeFrame(parsed);
  return Either.isRight(one)
    ? { frames: [one.right], problems: [] }
    : { frames: [], problems: [describe(parsed, one.left)] };
}

function describe(input: unknown, error: ParseResult.ParseError): string {
  const type =
    typeof input === 'object' && input !== null && typeof (input as { type?: unknown }).type === 'string'
      ? `'${String((input as { type: string }).type).slice(0, 60)}'`
      : 'without a string type';
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  return `frame ${type}: ${issues.join('; ').slice(0, 500)}`;
}
