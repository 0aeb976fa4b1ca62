import { enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { BallotContent, VoteContent } from '../src/protocol/consensus-content.js';
import type {
  AwardContent,
  BidContent,
  CancelContent,
  ReasonContent,
  TaskContent,
} from '../src/protocol/contract-net-content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Outbound, reply } from '../src/protocol/outbound.js';

export interface ByzantineBidderOptions {
  /** The price it bids on every task: far below any honest quote. Default 0.01. */
  readonly price?: number;
  /** The completion time it promises (ms). Default 0. */
  readonly eta?: number;
}

export type ByzantineBidderEvent =
  | Inbound<'cfp', TaskContent>
  | Inbound<'accept-proposal', AwardContent>
  | Inbound<'reject-proposal'>
  | Inbound<'cancel', CancelContent>
  | Inbound<'query-ref', BallotContent>;

/**
 * A Byzantine participant for chaos runs: it answers every `cfp` with an irresistible, false bid (almost
 * free, done at once), and when awarded answers `failure`: it never meant to do the work. Asked to vote, it
 * votes for the last option offered (or the lowest value allowed), whatever it believes. Its lies are
 * only visible in what happens next, which is what a market must notice.
 *
 * @example
 * system.spawn(byzantineBidder, { id: 'mallory', capabilities: ['translate'], input: {} });
 */
export const byzantineBidder = setup({
  types: {} as {
    context: { readonly price: number; readonly eta: number; readonly lies: number };
    input: AgentInput<ByzantineBidderOptions>;
    events: ByzantineBidderEvent;
    emitted: Outbound;
  },
  actions: {
    falseBid: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'cfp') return;
      const bid: BidContent = {
        kind: 'bid',
        taskId: event.content.taskId,
        price: context.price,
        eta: context.eta,
      };
      enqueue.emit(reply(event, 'propose', bid));
      enqueue.assign({ lies: context.lies + 1 });
    }),
    renege: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'accept-proposal' && event.type !== 'cancel') return;
      const reason: ReasonContent = {
        kind: 'reason',
        taskId: event.content.taskId,
        reason: 'the work was never going to be done',
      };
      enqueue.emit(reply(event, 'failure', reason));
    }),
    falseVote: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'query-ref' || event.content.kind !== 'ballot') return;
      const ballot = event.content;
      const options = ballot.options ?? [];
      const value = options.length > 0 ? options[options.length - 1]! : (ballot.min ?? 0);
      const vote: VoteContent = { kind: 'vote', roundId: ballot.roundId, attempt: ballot.attempt, value };
      enqueue.emit(reply(event, 'inform', vote));
      enqueue.assign({ lies: context.lies + 1 });
    }),
  },
}).createMachine({
  id: 'byzantine-bidder',
  context: ({ input }) => ({ price: input.price ?? 0.01, eta: input.eta ?? 0, lies: 0 }),
  on: {
    cfp: { actions: 'falseBid' },
    'accept-proposal': { actions: 'renege' },
    'reject-proposal': {},
    cancel: { actions: 'renege' },
    'query-ref': { actions: 'falseVote' },
  },
});
