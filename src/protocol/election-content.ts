import { Schema } from 'effect';
import { kind, NonNegative } from './content.js';

/** The protocol name carried by leader-election envelopes. */
export const LEADER_ELECTION = 'polis-leader-election';

/** The topic a newly elected leader announces itself on. */
export const LEADER_TOPIC = 'polis.leader';

/** A candidate's `request` for a vote in `term`. */
export const VoteRequestContent = Schema.Struct({
  kind: kind('vote-request'),
  term: NonNegative,
  candidate: Schema.String,
});
export type VoteRequestContent = Schema.Schema.Type<typeof VoteRequestContent>;

/** The `inform` answering a vote request. A node grants at most one vote per term. */
export const VoteGrantContent = Schema.Struct({
  kind: kind('vote-grant'),
  term: NonNegative,
  granted: Schema.Boolean,
});
export type VoteGrantContent = Schema.Schema.Type<typeof VoteGrantContent>;

/** The leader's periodic `inform` to its peers: it is alive and leads `term`. */
export const HeartbeatContent = Schema.Struct({
  kind: kind('heartbeat'),
  term: NonNegative,
  leader: Schema.String,
});
export type HeartbeatContent = Schema.Schema.Type<typeof HeartbeatContent>;

/** Published on {@link LEADER_TOPIC} by a node that has just won `term`. */
export const LeaderContent = Schema.Struct({
  kind: kind('leader'),
  term: NonNegative,
  leader: Schema.String,
});
export type LeaderContent = Schema.Schema.Type<typeof LeaderContent>;

export const electionContents = [
  VoteRequestContent,
  VoteGrantContent,
  HeartbeatContent,
  LeaderContent,
] as const;
