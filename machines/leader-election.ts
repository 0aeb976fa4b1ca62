import { and, assign, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { Content } from '../src/protocol/content.js';
import {
  type HeartbeatContent,
  LEADER_ELECTION,
  LEADER_TOPIC,
  type LeaderContent,
  type VoteGrantContent,
  type VoteRequestContent,
} from '../src/protocol/election-content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { AgentId } from '../src/protocol/ids.js';
import { type Outbound, outbound, reply } from '../src/protocol/outbound.js';
import { nextRandom } from '../src/protocol/random.js';
import type { Receiver } from '../src/protocol/receiver.js';

export interface LeaderElectionInput {
  /** The other nodes of the cluster (not this one). */
  readonly peers: readonly AgentId[];
  /** A follower that hears no leader for a random time in [min, max] ms stands for election. Default 150–300. */
  readonly electionTimeout?: { readonly min: number; readonly max: number };
  /** How often a leader tells its peers it is alive (ms). Default 50; keep it well under the timeout. */
  readonly heartbeatInterval?: number;
  /** Where a new leader announces itself. Default the topic `polis.leader`; `null` for nowhere. */
  readonly announceTo?: Receiver | null;
}

export interface LeaderElectionContext {
  readonly me: AgentId;
  readonly peers: readonly AgentId[];
  readonly term: number;
  /** Whom this node voted for in `term`: at most one vote per term. */
  readonly votedFor: AgentId | undefined;
  /** The leader of `term`, as far as this node knows. */
  readonly leader: AgentId | undefined;
  readonly votes: readonly AgentId[];
  readonly rng: number;
  readonly timeout: number;
  readonly minTimeout: number;
  readonly maxTimeout: number;
  readonly heartbeatInterval: number;
  readonly announceTo: Receiver | null;
  /** Terms this node has led. */
  readonly termsLed: readonly number[];
}

export type LeaderElectionEvent =
  | Inbound<'request', VoteRequestContent | Content>
  | Inbound<'inform', VoteGrantContent | HeartbeatContent | Content>;

type Termed = VoteRequestContent | VoteGrantContent | HeartbeatContent;
const termOf = (event: LeaderElectionEvent): number | undefined => {
  const c = event.content as Partial<Termed>;
  return typeof c.term === 'number' ? c.term : undefined;
};
/** Grant a vote request unless it is stale or this node already voted for someone else this term. */
function grants(context: LeaderElectionContext, content: Content): boolean {
  const c = content as VoteRequestContent;
  if (c.kind !== 'vote-request' || c.term < context.term) return false;
  return c.term > context.term || context.votedFor === undefined || context.votedFor === c.candidate;
}
const isKind = (event: LeaderElectionEvent, kind: string): boolean => event.content.kind === kind;

/**
 * Leader election for the coordinator pattern, after Raft: terms, one vote per node per term, a majority
 * elects, and a leader's heartbeats keep followers from standing. When the leader goes silent, a
 * follower times out (after a seeded random delay, so candidates rarely collide), starts a new term and
 * is elected. At most one leader per term.
 *
 * @example
 * for (const id of ['n1', 'n2', 'n3'])
 *   system.spawn(leaderElection, { id, input: { peers: ['n1', 'n2', 'n3'].filter((p) => p !== id) } });
 */
export const leaderElection = setup({
  types: {} as {
    context: LeaderElectionContext;
    input: AgentInput<LeaderElectionInput>;
    events: LeaderElectionEvent;
    emitted: Outbound;
  },
  guards: {
    isVoteRequest: ({ event }) => isKind(event, 'vote-request'),
    isHeartbeat: ({ event }) => isKind(event, 'heartbeat'),
    isNewerTerm: ({ context, event }) => (termOf(event) ?? -1) > context.term,
    isCurrentOrNewerTerm: ({ context, event }) => (termOf(event) ?? -1) >= context.term,
    /** A vote request this node would grant: not stale, and no other candidate has its vote this term. */
    wouldGrant: ({ context, event }) => grants(context, event.content),
    isGrantForMe: ({ context, event }) => {
      const c = event.content as VoteGrantContent;
      return (
        c.kind === 'vote-grant' &&
        c.granted &&
        c.term === context.term &&
        !context.votes.includes(event.sender)
      );
    },
    hasMajority: ({ context }) => context.votes.length * 2 > context.peers.length + 1,
  },
  actions: {
    drawTimeout: assign(({ context }) => {
      const [draw, rng] = nextRandom(context.rng);
      return { rng, timeout: context.minTimeout + draw * (context.maxTimeout - context.minTimeout) };
    }),
    /** Adopts a newer term seen in any message: forget the old vote and leader. */
    adoptTerm: assign(({ context, event }) => {
      const term = termOf(event) ?? context.term;
      return term > context.term ? { term, votedFor: undefined, leader: undefined } : {};
    }),
    answerVoteRequest: enqueueActions(({ context, event, enqueue }) => {
      const c = event.content as VoteRequestContent;
      const granted = grants(context, c);
      const term = Math.max(context.term, c.term);
      if (granted)
        enqueue.assign({
          term,
          votedFor: c.candidate,
          leader: c.term > context.term ? undefined : context.leader,
        });
      else if (c.term > context.term) enqueue.assign({ term, votedFor: undefined, leader: undefined });
      const answer: VoteGrantContent = { kind: 'vote-grant', term, granted };
      enqueue.emit(reply(event, 'inform', answer));
    }),
    followLeader: assign(({ context, event }) => {
      const c = event.content as HeartbeatContent;
      return {
        term: c.term,
        leader: c.leader,
        votedFor: c.term > context.term ? undefined : context.votedFor,
      };
    }),
    standForElection: enqueueActions(({ context, enqueue }) => {
      const term = context.term + 1;
      enqueue.assign({ term, votedFor: context.me, votes: [context.me], leader: undefined });
      const request: VoteRequestContent = { kind: 'vote-request', term, candidate: context.me };
      for (const peer of context.peers) {
        enqueue.emit(
          outbound({ performative: 'request', receiver: peer, content: request, protocol: LEADER_ELECTION }),
        );
      }
    }),
    countVote: assign({ votes: ({ context, event }) => [...context.votes, event.sender] }),
    takeOffice: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ leader: context.me, termsLed: [...context.termsLed, context.term] });
      if (context.announceTo === null) return;
      const content: LeaderContent = { kind: 'leader', term: context.term, leader: context.me };
      enqueue.emit(
        outbound({
          performative: 'inform',
          receiver: context.announceTo,
          content,
          protocol: LEADER_ELECTION,
        }),
      );
    }),
    sendHeartbeats: enqueueActions(({ context, enqueue }) => {
      const beat: HeartbeatContent = { kind: 'heartbeat', term: context.term, leader: context.me };
      for (const peer of context.peers) {
        enqueue.emit(
          outbound({
            performative: 'inform',
            receiver: peer,
            content: beat,
            protocol: LEADER_ELECTION,
            priority: 'high',
          }),
        );
      }
    }),
  },
  delays: {
    electionTimeout: ({ context }) => context.timeout,
    heartbeatInterval: ({ context }) => context.heartbeatInterval,
  },
}).createMachine({
  id: 'leader-election',
  context: ({ input }) => ({
    me: input.agent.id,
    peers: input.peers.filter((p) => p !== input.agent.id),
    term: 0,
    votedFor: undefined,
    leader: undefined,
    votes: [],
    rng: input.agent.seed,
    timeout: 0,
    minTimeout: input.electionTimeout?.min ?? 150,
    maxTimeout: input.electionTimeout?.max ?? 300,
    heartbeatInterval: input.heartbeatInterval ?? 50,
    announceTo: input.announceTo === undefined ? `#${LEADER_TOPIC}` : input.announceTo,
    termsLed: [],
  }),
  initial: 'follower',
  states: {
    follower: {
      description: 'Follows the leader of the current term; stands for election if it hears nothing in time.',
      entry: 'drawTimeout',
      after: { electionTimeout: 'candidate' },
      on: {
        request: [
          { guard: 'wouldGrant', target: 'follower', reenter: true, actions: 'answerVoteRequest' },
          { guard: 'isVoteRequest', actions: 'answerVoteRequest' },
        ],
        inform: [
          {
            guard: and(['isHeartbeat', 'isCurrentOrNewerTerm']),
            target: 'follower',
            reenter: true,
            actions: 'followLeader',
          },
          { guard: 'isNewerTerm', actions: 'adoptTerm' },
        ],
      },
    },
    candidate: {
      description: 'Started a new term, voted for itself and asked its peers; a majority makes it leader.',
      entry: ['standForElection', 'drawTimeout'],
      after: { electionTimeout: { target: 'candidate', reenter: true } },
      always: { guard: 'hasMajority', target: 'leader' },
      on: {
        request: [
          { guard: 'isNewerTerm', target: 'follower', actions: 'answerVoteRequest' },
          { guard: 'isVoteRequest', actions: 'answerVoteRequest' },
        ],
        inform: [
          { guard: 'isGrantForMe', actions: 'countVote' },
          {
            guard: and(['isHeartbeat', 'isCurrentOrNewerTerm']),
            target: 'follower',
            actions: 'followLeader',
          },
          { guard: 'isNewerTerm', target: 'follower', actions: 'adoptTerm' },
        ],
      },
    },
    leader: {
      description: 'Leads its term, sending heartbeats; steps down on hearing of a newer term.',
      entry: 'takeOffice',
      initial: 'beating',
      states: {
        beating: {
          entry: 'sendHeartbeats',
          after: { heartbeatInterval: { target: 'beating', reenter: true } },
        },
      },
      on: {
        request: [
          { guard: 'isNewerTerm', target: 'follower', actions: 'answerVoteRequest' },
          { guard: 'isVoteRequest', actions: 'answerVoteRequest' },
        ],
        inform: [
          { guard: and(['isHeartbeat', 'isNewerTerm']), target: 'follower', actions: 'followLeader' },
          { guard: 'isNewerTerm', target: 'follower', actions: 'adoptTerm' },
        ],
      },
    },
  },
});
