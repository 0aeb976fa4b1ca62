import { enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { AwardContent, BidContent, TaskContent } from '../src/protocol/contract-net-content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound, reply } from '../src/protocol/outbound.js';

export interface SybilOptions {
  /** Who the identity floods. */
  readonly target: AgentId;
  /** ms between two bursts. Default 50. */
  readonly everyMs?: number;
  /** Messages per burst. Default 5. */
  readonly burst?: number;
  /** The bid every identity of the swarm makes, the same for all. Default price 1, eta 100. */
  readonly price?: number;
  readonly eta?: number;
}

export type SybilEvent =
  | Inbound<'cfp', TaskContent>
  | Inbound<'accept-proposal', AwardContent>
  | Inbound<'reject-proposal'>
  | Inbound<'not-understood'>;

/** What a Sybil identity floods its target with. */
export interface EndorsementClaim {
  readonly kind: 'sybil-claim';
  readonly claim: string;
}

/**
 * One of many fake identities run by one adversary. Every identity of a swarm behaves identically: it
 * floods its target with the same claim in bursts, bids the same on every `cfp`, and goes silent when
 * awarded. Identical behaviour is what lockstep detection looks for; the flood is what budgets cap.
 *
 * @example
 * for (let i = 0; i < 20; i++) system.spawn(sybil, { id: `sybil-${i}`, input: { target: 'bidder-1' } });
 */
export const sybil = setup({
  types: {} as {
    context: {
      readonly target: AgentId;
      readonly everyMs: number;
      readonly burst: number;
      readonly price: number;
      readonly eta: number;
      readonly sent: number;
    };
    input: AgentInput<SybilOptions>;
    events: SybilEvent;
    emitted: Outbound;
  },
  delays: { every: ({ context }) => context.everyMs },
  actions: {
    flood: enqueueActions(({ context, enqueue }) => {
      const claim: EndorsementClaim = { kind: 'sybil-claim', claim: 'all of us vouch for each other' };
      for (let i = 0; i < context.burst; i++) {
        enqueue.emit(outbound({ performative: 'inform', receiver: context.target, content: claim }));
      }
      enqueue.assign({ sent: context.sent + context.burst });
    }),
    sameBid: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'cfp') return;
      const bid: BidContent = {
        kind: 'bid',
        taskId: event.content.taskId,
        price: context.price,
        eta: context.eta,
      };
      enqueue.emit(reply(event, 'propose', bid));
    }),
  },
}).createMachine({
  id: 'sybil',
  context: ({ input }) => ({
    target: input.target,
    everyMs: input.everyMs ?? 50,
    burst: input.burst ?? 5,
    price: input.price ?? 1,
    eta: input.eta ?? 100,
    sent: 0,
  }),
  initial: 'flooding',
  on: {
    cfp: { actions: 'sameBid' },
    // Awarded, it stays silent: the initiator's result deadline has to catch it.
    'accept-proposal': {},
    'reject-proposal': {},
    'not-understood': {},
  },
  states: {
    flooding: {
      entry: 'flood',
      after: { every: { target: 'flooding', reenter: true } },
    },
  },
});
