import { Either, ParseResult, Schema } from 'effect';
import type { ContentRegistry } from './content.js';
import { type Decoded, DecodeError, type Problem } from './decode-error.js';
import { asEnvelope, type Envelope, EnvelopeSchema } from './envelope.js';
import { DEFAULT_LIMITS, type Limits, limitProblems } from './limits.js';
import { polisContents } from './polis-contents.js';

export interface DecodeOptions {
  readonly limits?: Limits;
  /** Schemas for content kinds; kinds not listed pass with only the envelope's own checks. */
  readonly contents?: ContentRegistry;
}

const decodeStructure = Schema.decodeUnknownEither(EnvelopeSchema, {
  errors: 'all',
  onExcessProperty: 'error',
});

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
}

function issuesOf(error: ParseResult.ParseError, prefix = ''): Problem[] {
  const problems = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => {
    const path = [prefix, pathOf(issue.path)].filter((s) => s !== '').join('.');
    const message = issue._tag === 'Unexpected' ? 'is not a field of an envelope; remove it' : issue.message;
    return { path, message: issue._tag === 'Missing' ? 'is missing' : message };
  });
  return mergeAlternatives(problems);
}

const EXPECTED = /^Expected (.+), actual (.+)$/s;

/** A union of literals fails once per member; report it once, with every choice, as one problem. */
function mergeAlternatives(problems: Problem[]): Problem[] {
  const merged: Problem[] = [];
  const open = new Map<string, { at: number; expected: string[]; actual: string }>();
  for (const problem of problems) {
    const match = EXPECTED.exec(problem.message);
    const earlier = match === null ? undefined : open.get(problem.path);
    if (match !== null && earlier !== undefined && earlier.actual === match[2]) {
      earlier.expected.push(match[1]!);
      const message = `Expected one of ${earlier.expected.join(', ')}; actual ${earlier.actual}`;
      merged[earlier.at] = { path: problem.path, message };
      continue;
    }
    if (match !== null)
      open.set(problem.path, { at: merged.length, expected: [match[1]!], actual: match[2]! });
    merged.push(problem);
  }
  return merged;
}

function contentProblems(envelope: Envelope, registry: ContentRegistry): Problem[] {
  const schema = registry.get(envelope.content.kind);
  if (schema === undefined) return [];
  const result = Schema.decodeUnknownEither(schema, { errors: 'all', onExcessProperty: 'error' })(
    envelope.content,
  );
  return Either.isLeft(result) ? issuesOf(result.left, 'content') : [];
}

/**
 * Decodes an untrusted value into an envelope, checking the limits, the envelope's schema and the
 * content's schema, and reporting every problem at once. Never throws.
 *
 * @example
 * const r = decodeEnvelope(JSON.parse(text));
 * if (r.ok) bus.publish(r.value); else console.error(r.error.problems);
 */
export function decodeEnvelope(input: unknown, options: DecodeOptions = {}): Decoded<Envelope> {
  try {
    const limits = limitProblems(input, options.limits ?? DEFAULT_LIMITS);
    if (limits.length > 0) return refuse(limits.map((message) => ({ path: '', message: inWords(message) })));
    const structure = decodeStructure(input);
    if (Either.isLeft(structure)) return refuse(issuesOf(structure.left));
    const envelope = asEnvelope(structure.right);
    const content = contentProblems(envelope, options.contents ?? polisContents);
    return content.length > 0 ? refuse(content) : { ok: true, value: envelope };
  } catch (error) {
    return refuse([{ path: '', message: `could not be read (${String(error)}); send plain JSON` }]);
  }
}

/**
 * Decodes an envelope from JSON text or UTF-8 bytes, refusing oversized input before parsing it.
 *
 * @example
 * const r = decodeEnvelopeJson(natsMessage.data);
 */
export function decodeEnvelopeJson(
  text: string | Uint8Array,
  options: DecodeOptions = {},
): Decoded<Envelope> {
  const maxBytes = (options.limits ?? DEFAULT_LIMITS).maxBytes;
  const bytes = byteLength(text, maxBytes);
  if (bytes > maxBytes) {
    return refuse([{ path: '', message: `envelope is ${bytes} bytes; the limit is ${maxBytes}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
  } catch (error) {
    return refuse([{ path: '', message: `envelope is not JSON (${(error as Error).message})` }]);
  }
  return decodeEnvelope(parsed, options);
}

/** UTF-8 size of `text`, exact unless it is certainly over `limit` (a UTF-16 unit is at least one byte). */
function byteLength(text: string | Uint8Array, limit: number): number {
  if (typeof text !== 'string') return text.byteLength;
  return text.length > limit ? text.length : new TextEncoder().encode(text).byteLength;
}

/** Limit messages name a path (`content.x is …`) or the envelope itself (`the envelope has …`). */
function inWords(limitMessage: string): string {
  return limitMessage.startsWith('the envelope') ? limitMessage : `envelope ${limitMessage}`;
}

function refuse(problems: Problem[]): Decoded<never> {
  return { ok: false, error: new DecodeError('envelope', problems) };
}
