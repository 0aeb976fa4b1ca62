import {
  type ActionArgs,
  type EventObject,
  emit,
  type MachineContext,
  type ParameterizedObject,
} from 'xstate';
import type { Content } from './content.js';
import type { Envelope } from './envelope.js';
import type { AgentId } from './ids.js';
import type { Performative } from './performatives.js';
import type { Priority } from './priority.js';
import type { Receiver } from './receiver.js';

/** The type of the event a machine emits to send a message. */
export const SEND = 'polis.send' as const;

/**
 * A message as a machine writes it. There is no `sender`, `id` or `sentAt`: the runtime stamps them, so a
 * machine cannot forge who it is. Deadlines are relative because machines have no clock.
 */
export interface Message<C extends Content = Content> {
  readonly performative: Performative;
  readonly receiver: Receiver;
  readonly content: C;
  readonly conversationId?: string;
  readonly inReplyTo?: string;
  readonly replyTo?: AgentId;
  /** Ask for a reply within this many ms; the runtime turns it into `replyBy`. */
  readonly replyWithin?: number;
  /** An absolute reply deadline, e.g. one passed on from an inbound envelope. */
  readonly replyBy?: number;
  /** Dead-letter the message as `expired` if not delivered within this many ms. */
  readonly expiresIn?: number;
  readonly priority?: Priority;
  readonly protocol?: string;
}

/** What a machine emits to send: declare it in `setup({ types: { emitted: {} as Outbound } })`. */
export type Outbound<C extends Content = Content> = Message<C> & { readonly type: typeof SEND };

/**
 * Wraps a message into the event a machine emits.
 *
 * @example
 * enqueue.emit(outbound({ performative: 'cfp', receiver: 'bidder-1', content: task }))
 */
export function outbound<C extends Content>(message: Message<C>): Outbound<C> {
  // `type` first: `{ ...message, type }` gives every result its own hidden class on V8 11 (Node 20).
  return { type: SEND, ...message };
}

/**
 * The action that sends one message, computed from the machine's context and event.
 *
 * @example
 * actions: { greet: send(({ event }) => ({ performative: 'inform', receiver: event.sender, content: { kind: 'hello' } })) }
 */
export function send<
  TContext extends MachineContext,
  TExpressionEvent extends EventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
>(build: (args: ActionArgs<TContext, TExpressionEvent, TEvent>, params: TParams) => Message) {
  return emit<TContext, TExpressionEvent, TParams, TEvent, Outbound>((args, params) =>
    outbound(build(args, params)),
  );
}

/** What a reply needs of the envelope it answers; keep this in context to answer later. */
export type ReplyAddress = Pick<Envelope, 'id' | 'sender' | 'replyTo' | 'conversationId' | 'protocol'>;

/**
 * The reply address of an envelope, as plain data that can live in a machine's context.
 *
 * @example
 * assign({ awardedBy: ({ event }) => replyAddress(event) })
 */
export function replyAddress(envelope: ReplyAddress): ReplyAddress {
  const { id, sender, replyTo, conversationId, protocol } = envelope;
  return { id, sender, replyTo, conversationId, protocol };
}

/**
 * A reply to `to`: addressed to its `replyTo` or sender, in its conversation and protocol, `inReplyTo` it.
 *
 * @example
 * enqueue.emit(reply(event, 'refuse', { kind: 'reason', reason: 'busy' }))
 */
export function reply<C extends Content>(
  to: ReplyAddress,
  performative: Performative,
  content: C,
  extra?: Partial<Message<C>>,
): Outbound<C> {
  const message: Outbound<C> = {
    type: SEND,
    performative,
    receiver: to.replyTo ?? to.sender,
    content,
    conversationId: to.conversationId,
    inReplyTo: to.id,
    protocol: to.protocol,
  };
  return extra === undefined ? message : Object.assign({}, message, extra);
}
