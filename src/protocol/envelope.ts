import { Schema } from 'effect';
import { type Content, optionalField } from './content.js';
import { type AgentId, describeType, idProblem } from './ids.js';
import { PERFORMATIVES, type Performative } from './performatives.js';
import { PRIORITIES, type Priority } from './priority.js';
import { type Receiver, receiverProblem } from './receiver.js';

/**
 * One message, modelled on FIPA ACL. Plain JSON: it crosses processes as it is. The runtime fills `id`,
 * `sender` and `sentAt`; a machine never writes them.
 */
export interface Envelope<C extends Content = Content, P extends Performative = Performative> {
  readonly id: string;
  readonly performative: P;
  readonly sender: AgentId;
  readonly receiver: Receiver;
  readonly content: C;
  readonly priority: Priority;
  /** When it was sent, in the sending system's clock (ms). */
  readonly sentAt: number;
  readonly conversationId?: string;
  /** The `id` of the envelope this one answers. */
  readonly inReplyTo?: string;
  /** Where replies go instead of the sender. */
  readonly replyTo?: AgentId;
  /** The deadline for a reply (ms, same clock as `sentAt`). */
  readonly replyBy?: number;
  /** After this time the envelope is dead-lettered as `expired` instead of delivered. */
  readonly expiresAt?: number;
  /** The interaction protocol, e.g. `fipa-contract-net`. */
  readonly protocol?: string;
}

/** An envelope as it reaches a machine: an XState event whose `type` is the performative. */
export type Inbound<P extends Performative = Performative, C extends Content = Content> = Envelope<C, P> & {
  readonly type: P;
};

const idField = (what: string) =>
  Schema.String.pipe(Schema.filter((s) => idProblem(s, what) ?? true)).annotations({
    message: (issue) =>
      typeof issue.actual === 'string' ? (idProblem(issue.actual, what) ?? '') : `${what} must be a string`,
  });

const timestamp = (what: string) =>
  Schema.Number.pipe(Schema.finite(), Schema.nonNegative()).annotations({
    message: () => `${what} must be a finite, non-negative time in ms`,
  });

const ContentSchema = Schema.Struct(
  { kind: idField('content kind') },
  Schema.Record({ key: Schema.String, value: Schema.Unknown }),
).annotations({ message: () => 'content must be an object with a string `kind`' });

/** The schema every envelope crossing a trust boundary is decoded with. */
export const EnvelopeSchema = Schema.Struct({
  id: idField('envelope id'),
  performative: Schema.Literal(...PERFORMATIVES).annotations({
    message: () => ({ message: `performative must be one of ${PERFORMATIVES.join(', ')}`, override: true }),
  }),
  sender: idField('sender'),
  receiver: Schema.String.pipe(Schema.filter((s) => receiverProblem(s) ?? true)).annotations({
    message: (issue) => receiverProblem(issue.actual) ?? 'receiver must be an agent id, #topic or *',
  }),
  content: ContentSchema,
  priority: Schema.Literal(...PRIORITIES).annotations({
    message: () => ({ message: `priority must be one of ${PRIORITIES.join(', ')}`, override: true }),
  }),
  sentAt: timestamp('sentAt'),
  conversationId: optionalField(idField('conversationId')),
  inReplyTo: optionalField(idField('inReplyTo')),
  replyTo: optionalField(idField('replyTo')),
  replyBy: optionalField(timestamp('replyBy')),
  expiresAt: optionalField(timestamp('expiresAt')),
  protocol: optionalField(idField('protocol')),
}).annotations({
  message: (issue) => `an envelope must be a JSON object, not ${describeType(issue.actual)}`,
});

// The schema and the interface describe the same thing; this fails to compile if they drift apart.
type Decoded = Schema.Schema.Type<typeof EnvelopeSchema>;
export const asEnvelope = (decoded: Decoded): Envelope => decoded;
