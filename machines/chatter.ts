import { assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound } from '../src/protocol/outbound.js';

/** A fixed message: a content kind and any fields. */
export type Saying = Content & { readonly [field: string]: unknown };

export interface ChatterOptions {
  /** Whom it talks to, in turn. */
  readonly peers: readonly AgentId[];
  /** ms between two ticks. */
  readonly everyMs: number;
  /** Messages per tick at first. Default 1. */
  readonly burst?: number;
  /** What the burst is multiplied by after each tick (1 keeps it steady). Default 1. */
  readonly growth?: number;
  /** The largest burst it grows to. Default 1000. */
  readonly maxBurst?: number;
  /** Ticks before it falls silent. Default: never. */
  readonly ticks?: number;
  /** What it says every time; by default a numbered line signed with its id. */
  readonly says?: Saying;
}

export interface ChatterContext {
  readonly peers: readonly AgentId[];
  readonly everyMs: number;
  readonly burst: number;
  readonly growth: number;
  readonly maxBurst: number;
  readonly ticksLeft: number;
  readonly says: Saying | undefined;
  readonly sent: number;
  readonly heard: number;
}

/**
 * A configurable talker for demonstrations and load: on every tick it sends a burst of `inform`s to its
 * peers in turn, the burst growing by `growth` each time; it counts what it hears. Steady chatters are
 * background traffic; a growing one is a runaway; several saying the same thing act in lockstep.
 *
 * @example
 * system.spawn(chatter, { id: 'c1', input: { peers: ['c2'], everyMs: 100 } });
 */
export const chatter = setup({
  types: {} as {
    context: ChatterContext;
    input: AgentInput<ChatterOptions>;
    events: Inbound<'inform'>;
    emitted: Outbound;
  },
  delays: { tick: ({ context }) => context.everyMs },
  guards: { talking: ({ context }) => context.ticksLeft > 0 && context.peers.length > 0 },
  actions: {
    speak: enqueueActions(({ context, self, enqueue }) => {
      const count = Math.floor(context.burst);
      for (let i = 0; i < count; i++) {
        const n = context.sent + i;
        const receiver = context.peers[n % context.peers.length]!;
        const content = context.says ?? { kind: 'chat', from: self.id, n };
        enqueue.emit(outbound({ performative: 'inform', receiver, content }));
      }
      enqueue.assign({
        sent: context.sent + count,
        burst: Math.min(context.maxBurst, context.burst * context.growth),
        ticksLeft: context.ticksLeft - 1,
      });
    }),
  },
}).createMachine({
  id: 'chatter',
  context: ({ input }) => ({
    peers: input.peers,
    everyMs: input.everyMs,
    burst: input.burst ?? 1,
    growth: input.growth ?? 1,
    maxBurst: input.maxBurst ?? 1000,
    ticksLeft: input.ticks ?? Number.MAX_SAFE_INTEGER,
    says: input.says,
    sent: 0,
    heard: 0,
  }),
  initial: 'talking',
  on: { inform: { actions: assign({ heard: ({ context }) => context.heard + 1 }) } },
  states: {
    talking: {
      after: {
        tick: [
          { guard: 'talking', target: 'talking', reenter: true, actions: 'speak' },
          { target: 'silent' },
        ],
      },
    },
    silent: {},
  },
});
