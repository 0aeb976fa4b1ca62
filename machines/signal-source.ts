import { assign, emit, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type {
  AllocationContent,
  ResolutionContent,
  ResourceClaimContent,
  SignalAction,
  SignalContent,
} from '../src/protocol/conflict-content.js';
import type { BallotContent, VoteContent } from '../src/protocol/consensus-content.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import { type Outbound, outbound, reply } from '../src/protocol/outbound.js';
import type { Receiver } from '../src/protocol/receiver.js';

export interface SignalSourceInput {
  readonly symbol: string;
  readonly action: SignalAction;
  readonly confidence: number;
  /** Where the signal (and the claim) goes: the resolver's id or a topic. */
  readonly resolver: Receiver;
  /** A claim on a shared resource to send along with the signal. */
  readonly claim?: { readonly resource: string; readonly amount: number; readonly priority?: number };
}

export interface SignalSourceContext {
  readonly symbol: string;
  readonly action: SignalAction;
  readonly confidence: number;
  readonly resolver: Receiver;
  readonly claim: SignalSourceInput['claim'];
  readonly granted: number | undefined;
  readonly resolutions: readonly ResolutionContent[];
}

export type SignalSourceEvent =
  | Inbound<'query-ref', BallotContent | Content>
  | Inbound<'inform', AllocationContent | ResolutionContent | Content>
  | Inbound<'refuse', Content>;

/**
 * An analyst: on start it sends its trading signal (and a resource claim, if it has one) to the
 * resolver, answers the resolver's ballots with its action and confidence, and keeps what it is granted
 * and how conflicts were resolved.
 *
 * @example
 * system.spawn(signalSource, { id: 'momentum', input: { symbol: 'ACME', action: 'buy', confidence: 0.8, resolver: 'resolver' } });
 */
export const signalSource = setup({
  types: {} as {
    context: SignalSourceContext;
    input: AgentInput<SignalSourceInput>;
    events: SignalSourceEvent;
    emitted: Outbound;
  },
  guards: {
    isBallot: ({ event }) => event.content.kind === 'ballot',
    isAllocation: ({ event }) => event.content.kind === 'allocation',
    isResolution: ({ event }) => event.content.kind === 'resolution',
  },
  actions: {
    publish: emit(({ context }) => {
      const signal: SignalContent = {
        kind: 'signal',
        symbol: context.symbol,
        action: context.action,
        confidence: context.confidence,
      };
      return outbound({ performative: 'inform', receiver: context.resolver, content: signal });
    }),
    claim: enqueueActions(({ context, enqueue }) => {
      if (context.claim === undefined) return;
      const claim: ResourceClaimContent = { kind: 'resource-claim', ...context.claim };
      enqueue.emit(outbound({ performative: 'request', receiver: context.resolver, content: claim }));
    }),
    vote: emit(({ context, event }) => {
      const ballot = event as Inbound<'query-ref', BallotContent>;
      const vote: VoteContent = {
        kind: 'vote',
        roundId: ballot.content.roundId,
        attempt: ballot.content.attempt,
        value: context.action,
        confidence: context.confidence,
      };
      return reply(ballot, 'inform', vote);
    }),
    keepAllocation: assign({ granted: ({ event }) => (event.content as AllocationContent).granted }),
    keepResolution: assign({
      resolutions: ({ context, event }) => [...context.resolutions, event.content as ResolutionContent],
    }),
    noteRefusal: assign({ granted: 0 }),
  },
}).createMachine({
  id: 'signal-source',
  context: ({ input }) => ({
    symbol: input.symbol,
    action: input.action,
    confidence: input.confidence,
    resolver: input.resolver,
    claim: input.claim,
    granted: undefined,
    resolutions: [],
  }),
  initial: 'advising',
  states: {
    advising: {
      description: 'Has sent its signal; answers ballots and takes allocations and resolutions.',
      entry: ['publish', 'claim'],
      on: {
        'query-ref': { guard: 'isBallot', actions: 'vote' },
        inform: [
          { guard: 'isAllocation', actions: 'keepAllocation' },
          { guard: 'isResolution', actions: 'keepResolution' },
        ],
        refuse: { actions: 'noteRefusal' },
      },
    },
  },
});
