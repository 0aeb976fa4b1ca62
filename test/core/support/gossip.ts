import { assign, emit, setup } from 'xstate';
import { type AgentInput, type Inbound, nextRandom, type Outbound, outbound } from './core.js';

export type GossipContent = { kind: 'gossip'; hops: number; roll: number };

interface GossipContext {
  readonly rng: number;
  readonly peers: readonly string[];
  readonly to: string;
  readonly hops: number;
  readonly roll: number;
}

/**
 * Passes a rumour on: picks a random peer and a random thinking time from its own seeded generator, waits,
 * then forwards with one hop fewer. Two draws per hop, so runs differ visibly with the seed.
 */
export const gossip = setup({
  types: {} as {
    context: GossipContext;
    input: AgentInput<{ peers: readonly string[] }>;
    events: Inbound<'inform', GossipContent>;
    emitted: Outbound<GossipContent>;
  },
  delays: { think: ({ context }) => Math.floor(context.roll * 100) },
  guards: { alive: ({ event }) => event.content.hops > 0 },
  actions: {
    draw: assign(({ context, event }) => {
      const [pick, afterPick] = nextRandom(context.rng);
      const [roll, rng] = nextRandom(afterPick);
      const to = context.peers[Math.floor(pick * context.peers.length)]!;
      return { rng, to, roll, hops: event.content.hops - 1 };
    }),
    forward: emit(({ context }) =>
      outbound<GossipContent>({
        performative: 'inform',
        receiver: context.to,
        content: { kind: 'gossip', hops: context.hops, roll: context.roll },
      }),
    ),
  },
}).createMachine({
  id: 'gossip',
  context: ({ input }) => ({
    rng: input.agent.seed,
    peers: input.peers.filter((peer) => peer !== input.agent.id),
    to: '',
    hops: 0,
    roll: 0,
  }),
  initial: 'idle',
  states: {
    idle: { on: { inform: { guard: 'alive', target: 'thinking', actions: 'draw' } } },
    thinking: { after: { think: { target: 'idle', actions: 'forward' } } },
  },
});
