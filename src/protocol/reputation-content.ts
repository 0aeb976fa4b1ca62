import { Schema } from 'effect';
import { FiniteNumber, kind, NonNegative, optionalField, Text } from './content.js';

/** The topic a reputation ledger takes evidence from when it subscribes to it. */
export const EVIDENCE_TOPIC = 'polis.evidence';

/** The topic a reputation ledger publishes `trust-change` informs on. */
export const TRUST_TOPIC = 'polis.trust';

/**
 * What a protocol saw an agent do. Each outcome has a positive and/or negative weight in the ledger's
 * policy; `vote-contradicted` means a vote differed from what the voter later revealed.
 */
export const OUTCOMES = [
  'contract-delivered',
  'contract-late',
  'contract-failed',
  'proposal-broken',
  'vote-agreed',
  'vote-dissented',
  'vote-contradicted',
  'resource-shared',
  'resource-hoarded',
] as const;
export const Outcome = Schema.Literal(...OUTCOMES);
export type Outcome = Schema.Schema.Type<typeof Outcome>;

/**
 * An `inform` to the ledger: evidence about `subject`. The reporter is the envelope's sender, which the
 * runtime stamps, so nobody can report in another's name.
 */
export const EvidenceContent = Schema.Struct({
  kind: kind('evidence'),
  subject: Schema.String,
  outcome: Outcome,
  /** Scales the outcome's weight, e.g. the share of a match's turns. Default 1, at most 100. */
  amount: optionalField(NonNegative.pipe(Schema.lessThanOrEqualTo(100))),
  /** The task, round or match the evidence comes from. */
  about: optionalField(Text),
});
export type EvidenceContent = Schema.Schema.Type<typeof EvidenceContent>;

/** Where an agent stands with the ledger. */
export const STANDINGS = ['unknown', 'probation', 'trusted', 'suspected', 'banned'] as const;
export const Standing = Schema.Literal(...STANDINGS);
export type Standing = Schema.Schema.Type<typeof Standing>;

/** A `query-ref` to the ledger: the trust of one agent, or of every agent it knows when `subject` is absent. */
export const TrustQuery = Schema.Struct({
  kind: kind('trust-query'),
  subject: optionalField(Schema.String),
});
export type TrustQuery = Schema.Schema.Type<typeof TrustQuery>;

/** One agent's trust as the ledger sees it at one moment. */
export const TrustView = Schema.Struct({
  subject: Schema.String,
  standing: Standing,
  /** The beta-reputation expectation (positive + 1) / (positive + negative + 2), in [0, 1]. */
  score: FiniteNumber,
  /** Decayed, weighted positive evidence. */
  positive: NonNegative,
  /** Decayed, weighted negative evidence. */
  negative: NonNegative,
  /** How much this agent's own reports about others count, in [0, 1]. */
  reporterWeight: NonNegative,
});
export type TrustView = Schema.Schema.Type<typeof TrustView>;

/** The ledger's `inform` answering a {@link TrustQuery}. */
export const TrustReport = Schema.Struct({
  kind: kind('trust-report'),
  at: NonNegative,
  entries: Schema.Array(TrustView),
});
export type TrustReport = Schema.Schema.Type<typeof TrustReport>;

/** Published on {@link TRUST_TOPIC} when an agent's standing (or, if asked for, its score) changes. */
export const TrustChange = Schema.Struct({
  kind: kind('trust-change'),
  subject: Schema.String,
  from: Standing,
  to: Standing,
  score: FiniteNumber,
  at: NonNegative,
});
export type TrustChange = Schema.Schema.Type<typeof TrustChange>;

export const reputationContents = [EvidenceContent, TrustQuery, TrustReport, TrustChange] as const;
