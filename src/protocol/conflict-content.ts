import { Schema } from 'effect';
import { Confidence, VoteValue } from './consensus-content.js';
import { FiniteNumber, kind, NonNegative, optionalField, Text } from './content.js';

/** What a trading signal recommends. */
export const SignalAction = Schema.Literal('buy', 'sell', 'hold');
export type SignalAction = Schema.Schema.Type<typeof SignalAction>;

/** An analyst's `inform`: a recommendation on one symbol, with how sure it is. */
export const SignalContent = Schema.Struct({
  kind: kind('signal'),
  symbol: Schema.String,
  action: SignalAction,
  confidence: Confidence,
});
export type SignalContent = Schema.Schema.Type<typeof SignalContent>;

/** A `request` for an amount of a shared resource. */
export const ResourceClaimContent = Schema.Struct({
  kind: kind('resource-claim'),
  resource: Schema.String,
  amount: NonNegative,
  /** A claimant's own priority, multiplied into its weight. Default 1. */
  priority: optionalField(NonNegative),
});
export type ResourceClaimContent = Schema.Schema.Type<typeof ResourceClaimContent>;

/** The `inform` answering a claim: what the claimant was granted. */
export const AllocationContent = Schema.Struct({
  kind: kind('allocation'),
  resource: Schema.String,
  requested: NonNegative,
  granted: NonNegative,
});
export type AllocationContent = Schema.Schema.Type<typeof AllocationContent>;

/** How a conflict (or the absence of one) was settled. */
export const ResolutionStatus = Schema.Literal('agreed', 'resolved', 'operator', 'unresolved');
export type ResolutionStatus = Schema.Schema.Type<typeof ResolutionStatus>;

/** The resolver's `inform` once a batch of signals is settled. */
export const ResolutionContent = Schema.Struct({
  kind: kind('resolution'),
  conflictId: Schema.String,
  symbol: Schema.String,
  status: ResolutionStatus,
  value: optionalField(VoteValue),
  /** |mean buy confidence − mean sell confidence|, when signals opposed each other. */
  severity: optionalField(FiniteNumber),
  /** In [0, 1]: the winning side's share of the weight. */
  confidence: FiniteNumber,
  reason: optionalField(Text),
});
export type ResolutionContent = Schema.Schema.Type<typeof ResolutionContent>;

export const conflictContents = [
  SignalContent,
  ResourceClaimContent,
  AllocationContent,
  ResolutionContent,
] as const;
