import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type {
  AwardContent,
  BidContent,
  CancelContent,
  ReasonContent,
  RejectionContent,
  ResultContent,
  TaskContent,
} from '../src/protocol/contract-net-content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Outbound, type ReplyAddress, reply, replyAddress } from '../src/protocol/outbound.js';
import { nextRandom } from '../src/protocol/random.js';

/**
 * A participant in FIPA contract nets (SC00029H): it answers every `cfp` once, with a `propose` priced by a
 * pluggable quote or a `refuse` saying why; committed work is done one job at a time in simulated time and
 * ends in `inform` (the result) or `failure`; a `cancel` is answered `inform` (cancelled) or `failure`
 * (nothing to cancel). It serves many initiators at once: its own statechart is its work cycle.
 */
export interface BidderOptions {
  /** Price per unit of work when idle. */
  readonly costPerUnit: number;
  /** Units of work done per second of simulated time. */
  readonly speed: number;
  /** Jobs it will hold at once (working + queued). Default 3. */
  readonly capacity?: number;
  /** Chance that a job fails, 0 to 1. Default 0. */
  readonly failureRate?: number;
}

export type BidderInput = AgentInput<BidderOptions>;

/** A job the bidder committed to. */
export interface Job {
  readonly taskId: string;
  readonly work: number;
  readonly price: number;
  /** Where results go: the `accept-proposal` it answers. */
  readonly address: ReplyAddress;
}

/** An offer made and not yet accepted or rejected. */
export interface Offer {
  readonly conversationId: string;
  readonly task: TaskContent;
  readonly price: number;
}

/** What a quote is computed from. */
export interface QuoteRequest {
  readonly task: TaskContent;
  /** Jobs held now (working + queued). */
  readonly load: number;
  readonly costPerUnit: number;
  readonly speed: number;
  readonly capacity: number;
  readonly capabilities: readonly string[];
}

/** The answer to a cfp: a price, or why not. */
export type Quote = { readonly price: number } | { readonly refuse: string };

export interface BidderContext {
  readonly capabilities: readonly string[];
  readonly costPerUnit: number;
  readonly speed: number;
  readonly capacity: number;
  readonly failureRate: number;
  readonly rng: number;
  readonly quote: Quote | undefined;
  readonly offers: readonly Offer[];
  readonly current: Job | undefined;
  readonly queue: readonly Job[];
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly earned: number;
}

export type BidderEvent =
  | Inbound<'cfp', TaskContent>
  | Inbound<'accept-proposal', AwardContent>
  | Inbound<'reject-proposal', RejectionContent>
  | Inbound<'cancel', CancelContent>;

/** Offers kept while unanswered; an initiator that vanished must not make them grow without bound. */
const MAX_OFFERS = 64;

/** A `failure` answering `to` about task `taskId`, saying why. */
const failure = (to: ReplyAddress, taskId: string, reason: string) =>
  reply<ReasonContent>(to, 'failure', { kind: 'reason', taskId, reason });

const loadOf = (context: BidderContext) => context.queue.length + (context.current === undefined ? 0 : 1);

/** The default quote: work × cost per unit, 50 % dearer per job already held; refuses what it cannot do. */
export function defaultQuote(request: QuoteRequest): Quote {
  const { task, load } = request;
  if (!request.capabilities.includes(task.capability))
    return { refuse: `no capability '${task.capability}'` };
  if (load >= request.capacity) return { refuse: 'at capacity' };
  const price = task.work * request.costPerUnit * (1 + 0.5 * load);
  if (task.budget !== undefined && price > task.budget) return { refuse: 'over budget' };
  return { price };
}

/**
 * The quote action for a pricing function: swap how the bidder prices work with `.provide()`.
 *
 * @example
 * contractNetBidder.provide({ actions: { quote: quoteWith((r) => ({ price: r.task.work * 2 })) } })
 */
export function quoteWith(price: (request: QuoteRequest) => Quote) {
  return assign<BidderContext, BidderEvent, undefined, BidderEvent, never>({
    quote: ({ context, event }) =>
      event.type !== 'cfp'
        ? undefined
        : price({
            task: event.content,
            load: loadOf(context),
            costPerUnit: context.costPerUnit,
            speed: context.speed,
            capacity: context.capacity,
            capabilities: context.capabilities,
          }),
  });
}

/** When the work would be done, in ms from now: everything held, then this. */
function etaOf(context: BidderContext, work: number): number {
  const held = context.queue.reduce((sum, job) => sum + job.work, context.current?.work ?? 0);
  return ((held + work) / context.speed) * 1000;
}

export const contractNetBidder = setup({
  types: {} as {
    context: BidderContext;
    events: BidderEvent;
    input: BidderInput;
    emitted: Outbound;
  },
  delays: {
    workTime: ({ context }) => ((context.current?.work ?? 0) / context.speed) * 1000,
  },
  guards: {
    offered: ({ context, event }) => context.offers.some((o) => o.conversationId === event.conversationId),
    atCapacity: ({ context }) => loadOf(context) >= context.capacity,
    cancelsCurrent: ({ context, event }) => context.current?.address.conversationId === event.conversationId,
    cancelsQueued: ({ context, event }) =>
      context.queue.some((j) => j.address.conversationId === event.conversationId),
    hasQueue: ({ context }) => context.queue.length > 0,
  },
  actions: {
    quote: quoteWith(defaultQuote),
    answerCfp: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'cfp') return;
      const quote = context.quote ?? { refuse: 'no quote' };
      if ('refuse' in quote) {
        const content: ReasonContent = { kind: 'reason', taskId: event.content.taskId, reason: quote.refuse };
        enqueue.emit(reply(event, 'refuse', content));
        return;
      }
      const bid: BidContent = {
        kind: 'bid',
        taskId: event.content.taskId,
        price: quote.price,
        eta: etaOf(context, event.content.work),
      };
      enqueue.emit(reply(event, 'propose', bid));
      const offer: Offer = {
        conversationId: event.conversationId ?? event.id,
        task: event.content,
        price: quote.price,
      };
      enqueue.assign({ offers: [...context.offers, offer].slice(-MAX_OFFERS), quote: undefined });
    }),
    commit: assign(({ context, event }) => {
      const offer = context.offers.find((o) => o.conversationId === event.conversationId)!;
      const job: Job = {
        taskId: offer.task.taskId,
        work: offer.task.work,
        price: offer.price,
        address: replyAddress(event),
      };
      return { offers: context.offers.filter((o) => o !== offer), queue: [...context.queue, job] };
    }),
    dropOffer: assign({
      offers: ({ context, event }) => context.offers.filter((o) => o.conversationId !== event.conversationId),
    }),
    failUnknownAward: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(failure(event, event.content.taskId, 'no such proposal'));
    }),
    failOverCapacity: enqueueActions(({ context, event, enqueue }) => {
      enqueue.emit(failure(event, event.content.taskId, 'at capacity'));
      enqueue.assign({ offers: context.offers.filter((o) => o.conversationId !== event.conversationId) });
    }),
    startNext: assign(({ context }) => ({ current: context.queue[0], queue: context.queue.slice(1) })),
    finishJob: enqueueActions(({ context, enqueue }) => {
      const job = context.current;
      if (job === undefined) return;
      const [roll, rng] = nextRandom(context.rng);
      if (roll < context.failureRate) {
        enqueue.emit(failure(job.address, job.taskId, 'the work failed'));
        enqueue.assign({ rng, current: undefined, failed: context.failed + 1 });
        return;
      }
      const content: ResultContent = { kind: 'result', taskId: job.taskId, value: { work: job.work } };
      enqueue.emit(reply(job.address, 'inform', content));
      enqueue.assign({
        rng,
        current: undefined,
        completed: context.completed + 1,
        earned: context.earned + job.price,
      });
    }),
    cancelCurrent: enqueueActions(({ context, event, enqueue }) => {
      const job = context.current;
      if (job === undefined) return;
      enqueue.emit(reply(event, 'inform', { kind: 'result', taskId: job.taskId, value: 'cancelled' }));
      enqueue.assign({ current: undefined, cancelled: context.cancelled + 1 });
    }),
    cancelQueued: enqueueActions(({ context, event, enqueue }) => {
      const job = context.queue.find((j) => j.address.conversationId === event.conversationId);
      if (job === undefined) return;
      enqueue.emit(reply(event, 'inform', { kind: 'result', taskId: job.taskId, value: 'cancelled' }));
      enqueue.assign({ queue: context.queue.filter((j) => j !== job), cancelled: context.cancelled + 1 });
    }),
    nothingToCancel: enqueueActions(({ event, enqueue }) => {
      enqueue.emit(failure(event, event.content.taskId, 'nothing to cancel'));
    }),
  },
}).createMachine({
  id: 'contract-net-bidder',
  context: ({ input }) => ({
    capabilities: input.agent.capabilities,
    costPerUnit: input.costPerUnit,
    speed: input.speed,
    capacity: input.capacity ?? 3,
    failureRate: input.failureRate ?? 0,
    rng: input.agent.seed,
    quote: undefined,
    offers: [],
    current: undefined,
    queue: [],
    completed: 0,
    failed: 0,
    cancelled: 0,
    earned: 0,
  }),
  initial: 'idle',
  on: {
    cfp: { actions: ['quote', 'answerCfp'] },
    'reject-proposal': { actions: 'dropOffer' },
    cancel: { actions: 'nothingToCancel' },
  },
  states: {
    idle: {
      on: {
        'accept-proposal': [
          { guard: 'atCapacity', actions: 'failOverCapacity' },
          { guard: 'offered', actions: 'commit', target: 'working' },
          { actions: 'failUnknownAward' },
        ],
      },
    },
    working: {
      entry: 'startNext',
      on: {
        'accept-proposal': [
          { guard: 'atCapacity', actions: 'failOverCapacity' },
          { guard: 'offered', actions: 'commit' },
          { actions: 'failUnknownAward' },
        ],
        cancel: [
          { guard: 'cancelsCurrent', actions: 'cancelCurrent', target: 'finished' },
          { guard: 'cancelsQueued', actions: 'cancelQueued' },
          { actions: 'nothingToCancel' },
        ],
      },
      after: { workTime: { actions: 'finishJob', target: 'finished' } },
    },
    finished: {
      always: [{ guard: 'hasQueue', target: 'working' }, { target: 'idle' }],
    },
  },
});
