import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_FIELDS,
  aForbiddenChar,
  anId,
  aValidEnvelope,
  aWrongValue,
  ID_FIELDS,
  REQUIRED_FIELDS,
  safeJson,
  TIME_FIELDS,
} from './support/arbitraries.js';
import {
  type Decoded,
  DecodeError,
  decodeEnvelope,
  decodeEnvelopeJson,
  type Envelope,
} from './support/core.js';

/** A minimal valid envelope, to carry junk in its content. */
const validShape = {
  id: 'e1',
  performative: 'inform',
  sender: 'alice',
  receiver: 'bob',
  content: { kind: 'note' },
  priority: 'normal',
  sentAt: 0,
};

/** Calls made to a decoder, and distinct inputs generated: the brief is at least 10,000 of the latter. */
let calls = 0;
let generated = 0;

/** Runs a property and counts the inputs it generated. */
function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, numRuns: number): void {
  fc.assert(property, { numRuns });
  generated += numRuns;
}

/** Decodes without ever letting an exception escape the property: a throw is itself a failure. */
function decode(input: unknown): Decoded<Envelope> {
  calls++;
  const result = decodeEnvelope(input);
  expectTyped(result);
  return result;
}

function decodeJson(text: string | Uint8Array): Decoded<Envelope> {
  calls++;
  const result = decodeEnvelopeJson(text);
  expectTyped(result);
  return result;
}

/**
 * `ok` with an envelope that survives JSON, or a DecodeError with at least one problem in words. Plain
 * checks, not `expect`, because this runs for every one of the many thousand inputs.
 */
function expectTyped(result: Decoded<Envelope>): void {
  if (result.ok) {
    if (typeof result.value !== 'object' || !decodeEnvelopeJson(JSON.stringify(result.value)).ok) {
      throw new Error(`accepted something that does not survive JSON: ${String(result.value)}`);
    }
    return;
  }
  if (!(result.error instanceof DecodeError))
    throw new Error(`refused without a DecodeError: ${result.error}`);
  const problems = result.error.problems;
  if (problems.length === 0) throw new Error('refused without naming a problem');
  for (const problem of problems) {
    if (typeof problem.path !== 'string' || !/[a-z]{3,}/.test(problem.message)) {
      throw new Error(`a problem not in words: ${JSON.stringify(problem)}`);
    }
  }
}

function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // bigints and symbols: the JSON path cannot even carry them
  }
}

function refusedAt(result: Decoded<Envelope>, field: string): void {
  if (result.ok) throw new Error(`accepted an envelope with a bad ${field}`);
  const named = result.error.problems.some((p) => p.path.startsWith(field) || p.message.includes(field));
  expect(named, `no problem names '${field}': ${result.error.message}`).toBe(true);
}

describe('decoders never throw, whatever they are given', () => {
  it('arbitrary JavaScript values (fc.anything, with every exotic option)', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      stringUnit: 'grapheme',
    });
    check(
      fc.property(anything, (value) => {
        decode(value);
        decode({ ...validShape, content: { kind: 'junk', value } });
      }),
      2500,
    );
  });

  it('arbitrary JSON values, as values, as text and as bytes', () => {
    check(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const direct = decode(value);
        const fromText = decodeJson(text);
        const fromBytes = decodeJson(new TextEncoder().encode(text));
        const verdict = (r: Decoded<Envelope>) => (r.ok ? JSON.stringify(r.value) : r.error.message);
        if (verdict(fromBytes) !== verdict(fromText)) throw new Error('bytes and text decode differently');
        if (fromText.ok !== direct.ok) throw new Error('the value and its JSON decode differently');
      }),
      2000,
    );
  });

  it('arbitrary text that is mostly not JSON at all', () => {
    check(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        decodeJson(text);
      }),
      1000,
    );
  });
});

describe('valid envelopes', () => {
  it('round-trip through JSON unchanged', () => {
    check(
      fc.property(aValidEnvelope, (envelope) => {
        const text = JSON.stringify(envelope);
        const result = decodeJson(text);
        expect(result).toEqual({ ok: true, value: JSON.parse(text) });
        expect(decode(envelope).ok).toBe(true);
      }),
      1000,
    );
  });
});

describe('mutations of valid envelopes are refused, naming the field', () => {
  it('a required field deleted', () => {
    check(
      fc.property(aValidEnvelope, fc.constantFrom(...REQUIRED_FIELDS), (envelope, field) => {
        const { [field]: _removed, ...rest } = envelope;
        const direct = decode(rest);
        expect(direct.ok).toBe(false);
        if (!direct.ok) expect(direct.error.problems).toContainEqual({ path: field, message: 'is missing' });
        expect(decodeJson(JSON.stringify(rest))).toEqual(direct);
      }),
      600,
    );
  });

  it('a field changed to a value of the wrong type (including NaN, ±Infinity, bigint, symbol)', () => {
    check(
      fc.property(aValidEnvelope, fc.constantFrom(...ALL_FIELDS), aWrongValue, (envelope, field, wrong) => {
        const mutated = { ...envelope, [field]: wrong };
        refusedAt(decode(mutated), field);
        const text = jsonOf(mutated);
        // JSON drops a symbol-valued field; what remains may be a valid envelope.
        if (text !== undefined && field in JSON.parse(text)) refusedAt(decodeJson(text), field);
      }),
      800,
    );
  });

  it('a look-alike, invisible or control character injected into an id', () => {
    check(
      fc.property(
        aValidEnvelope,
        fc.constantFrom(...ID_FIELDS),
        aForbiddenChar,
        fc.nat(),
        anId,
        (envelope, field, char, at, fallback) => {
          const original = String((envelope as unknown as Record<string, unknown>)[field] ?? fallback);
          const position = at % (original.length + 1);
          const forged = original.slice(0, position) + char + original.slice(position);
          const result = decode({ ...envelope, [field]: forged });
          if (result.ok) throw new Error(`accepted ${JSON.stringify(forged)} as ${field}`);
          const problem = result.error.problems.find((p) => p.path === field);
          expect(problem?.message).toContain(` at ${position}; use ASCII letters, digits and -_.:`);
          expect(decodeJson(JSON.stringify({ ...envelope, [field]: forged })).ok).toBe(false);
        },
      ),
      800,
    );
  });

  it('a receiver with a forbidden character', () => {
    check(
      fc.property(aValidEnvelope, aForbiddenChar, fc.nat(), (envelope, char, at) => {
        const position = at % (envelope.receiver.length + 1);
        const receiver = envelope.receiver.slice(0, position) + char + envelope.receiver.slice(position);
        fc.pre(!(char === '#' && position === 0)); // that makes a valid topic
        refusedAt(decode({ ...envelope, receiver }), 'receiver');
      }),
      400,
    );
  });

  it('unknown fields added', () => {
    const aForeignKey = fc
      .stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,10}$/)
      .filter(
        (key) =>
          !(ALL_FIELDS as readonly string[]).includes(key) && key !== 'constructor' && key !== 'prototype',
      );
    check(
      fc.property(aValidEnvelope, aForeignKey, safeJson, (envelope, key, value) => {
        const result = decode({ ...envelope, [key]: value });
        if (result.ok) throw new Error(`accepted unknown field ${key}`);
        expect(result.error.problems).toContainEqual({
          path: key,
          message: 'is not a field of an envelope; remove it',
        });
      }),
      400,
    );
  });

  it('huge times are accepted when finite and non-negative, and refused when negative', () => {
    const huge = fc.constantFrom(
      Number.MAX_VALUE,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
      2 ** 53,
      -Number.MAX_VALUE,
      -1e308,
      -(2 ** 53),
      Number.MIN_VALUE,
    );
    check(
      fc.property(aValidEnvelope, fc.constantFrom(...TIME_FIELDS), huge, (envelope, field, value) => {
        const mutated = { ...envelope, [field]: value };
        const result = decode(mutated);
        expect(result.ok).toBe(value >= 0);
        if (!result.ok) refusedAt(result, field);
        expect(decodeJson(JSON.stringify(mutated)).ok).toBe(value >= 0);
      }),
      400,
    );
  });

  it('junk nested inside the content never escapes as an exception', () => {
    const junk = fc.oneof(
      fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true }),
      fc.nat({ max: 80 }).map((depth) => {
        let value: unknown = 'deep';
        for (let i = 0; i < depth; i++) value = [value];
        return value;
      }),
    );
    check(
      fc.property(aValidEnvelope, junk, (envelope, value) => {
        decode({ ...envelope, content: { ...envelope.content, junk: value } });
        const text = jsonOf({ ...envelope, content: { ...envelope.content, junk: value } });
        if (text !== undefined) decodeJson(text);
      }),
      600,
    );
  });
});

describe('coverage', () => {
  it('fed the decoders at least 10,000 generated inputs', () => {
    expect(generated).toBeGreaterThanOrEqual(10_000);
    expect(calls).toBeGreaterThan(generated);
  });
});
