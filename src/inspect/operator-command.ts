import { Either, ParseResult, Schema } from 'effect';

const Reason = Schema.String.pipe(
  Schema.filter((s) => s.trim().length > 0 || 'give a reason: it is recorded with the command'),
  Schema.maxLength(1024),
);

/** Stops every agent and seals the bus: nothing is delivered until `resume`. */
export const HaltCommand = Schema.Struct({ type: Schema.Literal('halt'), reason: Reason });
/** Unseals the bus and brings back the agents a halt stopped. */
export const ResumeCommand = Schema.Struct({ type: Schema.Literal('resume'), reason: Reason });
/** Turns fault injection on or off. */
export const ChaosCommand = Schema.Struct({ type: Schema.Literal('chaos'), enabled: Schema.Boolean });

/** What an operator can tell a running system from the inspector. */
export const OperatorCommand = Schema.Union(HaltCommand, ResumeCommand, ChaosCommand);
export type OperatorCommand = Schema.Schema.Type<typeof OperatorCommand>;

const decode = Schema.decodeUnknownEither(OperatorCommand, { errors: 'all' });

/**
 * Decodes an operator command from untrusted input. Never throws.
 *
 * @example
 * decodeOperatorCommand({ type: 'halt', reason: 'runaway bidding' }) // { ok: true, value: … }
 */
export function decodeOperatorCommand(
  input: unknown,
): { readonly ok: true; readonly value: OperatorCommand } | { readonly ok: false; readonly error: string } {
  const result = decode(input);
  if (Either.isRight(result)) return { ok: true, value: result.right };
  const issues = ParseResult.ArrayFormatter.formatErrorSync(result.left).map(
    (issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
  );
  return { ok: false, error: `command refused: ${issues.join('; ')}` };
}
