import { Schema } from 'effect';
import { FiniteNumber, JsonValue, kind, NonNegative, optionalField, Text } from './content.js';

/** The protocol name carried by every consensus envelope. */
export const CONSENSUS = 'polis-consensus';

/** The topic a round announces its result on when it is given nobody else to tell. */
export const CONSENSUS_TOPIC = 'polis.consensus';

/**
 * What a voter can vote: a choice (string, boolean, null) or a number. Non-finite numbers can travel
 * in-process; rules count them as invalid votes.
 */
export const VoteValue = Schema.Union(Schema.String, Schema.Number, Schema.Boolean, Schema.Null);
export type VoteValue = Schema.Schema.Type<typeof VoteValue>;

/** A confidence in [0, 1]. */
export const Confidence = FiniteNumber.pipe(Schema.between(0, 1));

/** A `query-ref` asking one voter for its vote, with `replyBy` as the deadline. */
export const BallotContent = Schema.Struct({
  kind: kind('ballot'),
  roundId: Schema.String,
  question: Text,
  /** 1 for the first call, 2 for the first retry, … A vote must name the attempt it answers. */
  attempt: NonNegative,
  /** The allowed choices, if the round has any. */
  options: optionalField(Schema.Array(VoteValue)),
  /** The valid range of a numeric vote. */
  min: optionalField(FiniteNumber),
  max: optionalField(FiniteNumber),
});
export type BallotContent = Schema.Schema.Type<typeof BallotContent>;

/** A voter's `inform` answering a ballot. */
export const VoteContent = Schema.Struct({
  kind: kind('vote'),
  roundId: Schema.String,
  attempt: NonNegative,
  value: VoteValue,
  /** How sure the voter is; weighted rules multiply it in. */
  confidence: optionalField(Confidence),
});
export type VoteContent = Schema.Schema.Type<typeof VoteContent>;

/** How a round ended. */
export const RoundStatus = Schema.Literal('decided', 'refused', 'escalated');
export type RoundStatus = Schema.Schema.Type<typeof RoundStatus>;

/** The `inform` a round sends when it ends. */
export const DecisionContent = Schema.Struct({
  kind: kind('decision'),
  roundId: Schema.String,
  question: Text,
  status: RoundStatus,
  rule: Schema.String,
  /** The decision, when `status` is `decided`. */
  value: optionalField(VoteValue),
  /** In [0, 1]: the share of the voters (or of their weight) that supports the decision. */
  confidence: Confidence,
  /** Voters whose vote went against the decision, or was invalid. */
  dissenters: Schema.Array(Schema.String),
  /** Voters whose vote was not a valid one (non-finite, out of range, not an option). */
  invalid: Schema.Array(Schema.String),
  /** Voters that did not vote before the deadline. */
  abstainers: Schema.Array(Schema.String),
  attempts: NonNegative,
  /** Why the round refused or escalated. */
  reason: optionalField(Text),
});
export type DecisionContent = Schema.Schema.Type<typeof DecisionContent>;

/** A `request` to a voter, after the decision, to reveal what it really holds. */
export const RevealRequest = Schema.Struct({ kind: kind('reveal-request'), roundId: Schema.String });
export type RevealRequest = Schema.Schema.Type<typeof RevealRequest>;

/** A voter's `inform` answering a {@link RevealRequest}. */
export const RevealContent = Schema.Struct({
  kind: kind('reveal'),
  roundId: Schema.String,
  value: VoteValue,
});
export type RevealContent = Schema.Schema.Type<typeof RevealContent>;

/** A `request` to an operator: a round or a conflict could not be settled by the agents. */
export const EscalationContent = Schema.Struct({
  kind: kind('escalation'),
  /** The round or conflict id; the operator's decision names it. */
  ref: Schema.String,
  reason: Text,
  /** What the operator may choose from, if anything. */
  options: optionalField(Schema.Array(VoteValue)),
  details: optionalField(JsonValue),
});
export type EscalationContent = Schema.Schema.Type<typeof EscalationContent>;

/** The operator's `inform` settling an escalation. */
export const OperatorDecision = Schema.Struct({
  kind: kind('operator-decision'),
  ref: Schema.String,
  value: VoteValue,
  reason: optionalField(Text),
});
export type OperatorDecision = Schema.Schema.Type<typeof OperatorDecision>;

export const consensusContents = [
  BallotContent,
  VoteContent,
  DecisionContent,
  RevealRequest,
  RevealContent,
  EscalationContent,
  OperatorDecision,
] as const;
