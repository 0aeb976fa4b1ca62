import { Schema } from 'effect';
import { FiniteNumber, JsonValue, kind, NonNegative, optionalField, Text } from './content.js';

/** The protocol name carried by every contract-net envelope. */
export const CONTRACT_NET = 'fipa-contract-net';

/** What a `cfp` announces: a task that needs one capability and some amount of work. */
export const TaskContent = Schema.Struct({
  kind: kind('task'),
  taskId: Schema.String,
  capability: Schema.String,
  /** Units of work; a bidder's own speed turns them into time. */
  work: NonNegative,
  /** The most the initiator will pay; a bid above it is not awarded. */
  budget: optionalField(NonNegative),
  /** Free-form details for the bidder. */
  details: optionalField(JsonValue),
});
export type TaskContent = Schema.Schema.Type<typeof TaskContent>;

/** A `propose`: the price asked and when the work would be done (ms after the award). */
export const BidContent = Schema.Struct({
  kind: kind('bid'),
  taskId: Schema.String,
  price: NonNegative,
  eta: NonNegative,
});
export type BidContent = Schema.Schema.Type<typeof BidContent>;

/** Why an agent would not or could not take part: the content of `refuse`, `not-understood` and `failure`. */
export const ReasonContent = Schema.Struct({
  kind: kind('reason'),
  taskId: optionalField(Schema.String),
  reason: Text,
});
export type ReasonContent = Schema.Schema.Type<typeof ReasonContent>;

/** An `accept-proposal`: the task and the price agreed. */
export const AwardContent = Schema.Struct({ kind: kind('award'), taskId: Schema.String, price: NonNegative });
export type AwardContent = Schema.Schema.Type<typeof AwardContent>;

/** Why a proposal was rejected. `late` means it arrived after the deadline. */
export const RejectionReason = Schema.Literal('late', 'outbid', 'over-budget', 'cancelled', 'untrusted');
export type RejectionReason = Schema.Schema.Type<typeof RejectionReason>;

/** A `reject-proposal`. */
export const RejectionContent = Schema.Struct({
  kind: kind('rejection'),
  taskId: Schema.String,
  reason: RejectionReason,
});
export type RejectionContent = Schema.Schema.Type<typeof RejectionContent>;

/** An `inform` that the awarded work is done, with its result. */
export const ResultContent = Schema.Struct({
  kind: kind('result'),
  taskId: Schema.String,
  value: optionalField(JsonValue),
});
export type ResultContent = Schema.Schema.Type<typeof ResultContent>;

/** A `cancel` of a task, by its initiator. */
export const CancelContent = Schema.Struct({ kind: kind('cancel'), taskId: Schema.String, reason: Text });
export type CancelContent = Schema.Schema.Type<typeof CancelContent>;

/** How a task ended, as the initiator reports it to whoever it reports to. */
export const TaskOutcomeContent = Schema.Struct({
  kind: kind('task-outcome'),
  taskId: Schema.String,
  status: Schema.Literal('completed', 'failed', 'cancelled'),
  /** Announcement rounds used (1 unless failures were re-announced). */
  rounds: NonNegative,
  /** Contractors that delivered, with the agreed price. */
  contractors: Schema.Array(Schema.Struct({ agent: Schema.String, price: FiniteNumber })),
  /** Contractors that failed or were late, per round: evidence for reputation. */
  failures: Schema.Array(Schema.Struct({ agent: Schema.String, round: NonNegative, reason: Text })),
  reason: optionalField(Text),
});
export type TaskOutcomeContent = Schema.Schema.Type<typeof TaskOutcomeContent>;

export const contractNetContents = [
  TaskContent,
  BidContent,
  ReasonContent,
  AwardContent,
  RejectionContent,
  ResultContent,
  CancelContent,
  TaskOutcomeContent,
] as const;
