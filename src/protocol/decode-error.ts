import { PolisError } from './polis-error.js';

/** One thing wrong with a decoded value: where, and what to do. */
export interface Problem {
  /** A dotted path into the value (`content.price`), empty for the value as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * Everything wrong with an input that a trust boundary refused, all at once.
 *
 * @example
 * const r = decodeEnvelope(input); if (!r.ok) console.error(r.error.message)
 */
export class DecodeError extends PolisError {
  constructor(
    readonly what: string,
    readonly problems: readonly Problem[],
  ) {
    super('decode-failed', `${what} was refused: ${problems.map(formatProblem).join('; ')}`);
  }
}

function formatProblem(p: Problem): string {
  return p.path === '' || p.message.startsWith(p.path) ? p.message : `${p.path}: ${p.message}`;
}

/** The outcome of decoding: the typed value, or every problem found. Decoders return it; they never throw. */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DecodeError };
