import { describe, expect, it } from 'vitest';
import { decodeEnvelope, idProblem, isId, MAX_ID_LENGTH } from './support/core.js';
import { validEnvelopeJson } from './support/envelopes.js';
import { systemFixture } from './support/system-fixture.js';

const HINT = 'use ASCII letters, digits and -_.:';

describe('the id grammar', () => {
  it('accepts ASCII letters, digits and -_.: up to the length limit', () => {
    for (const id of ['alice', 'bidder-7', 'market.manager:1', 'A_b', 'x'.repeat(MAX_ID_LENGTH)]) {
      expect(idProblem(id)).toBeUndefined();
      expect(isId(id)).toBe(true);
    }
  });

  const disguises: ReadonlyArray<readonly [name: string, id: string, explanation: string]> = [
    ['a Cyrillic а', '\u0430lice', "a look-alike of 'a' (U+0430) at 0"],
    ['a Greek ο', 'b\u03bfb', "a look-alike of 'o' (U+03BF) at 1"],
    ['fullwidth letters', 'ａｌｉｃｅ', "a look-alike of 'a' (U+FF41) at 0"],
    ['a zero-width space', 'ali\u200bce', 'an invisible character (U+200B) at 3'],
    ['a byte-order mark', '\ufeffalice', 'an invisible character (U+FEFF) at 0'],
    ['a control character', 'al\u0007ice', 'a control character (U+0007) at 2'],
    ['a newline', 'alice\n', 'a control character (U+000A) at 5'],
    ['an en dash', 'bidder\u20137', "a look-alike of '-' (U+2013) at 6"],
    ['an accented letter', 'jos\u00e9', 'a non-ASCII character (U+00E9) at 3'],
    ['a space', 'al ice', "' ', which ids do not allow at 2"],
  ];

  for (const [name, id, explanation] of disguises) {
    it(`refuses ${name}, with the position and a hint`, () => {
      const problem = idProblem(id, 'agent id');
      expect(problem).toContain(explanation);
      expect(problem).toMatch(/^agent id '/);
      expect(problem).toContain(HINT);
      expect(isId(id)).toBe(false);
    });
  }

  it('never prints a control character raw in the message', () => {
    const problem = idProblem('a\u0000b\u001bc', 'agent id')!;
    expect(problem).toContain("'a\\u0000b\\u001bc'");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none are left
    expect(problem).not.toMatch(/[\u0000-\u001f]/);
  });

  it('refuses empty, over-long and non-string ids with what to do', () => {
    expect(idProblem('', 'agent id')).toBe(`agent id is empty; give 1 to ${MAX_ID_LENGTH} characters`);
    expect(idProblem('x'.repeat(MAX_ID_LENGTH + 1), 'agent id')).toBe(
      `agent id has ${MAX_ID_LENGTH + 1} characters; the limit is ${MAX_ID_LENGTH}`,
    );
    expect(idProblem(7, 'agent id')).toBe('agent id must be a string, not a number');
    expect(idProblem(null, 'agent id')).toBe('agent id must be a string, not null');
  });
});

describe('look-alike ids at the boundaries', () => {
  it('are refused in every id field of an envelope, each named', () => {
    const result = decodeEnvelope({
      ...validEnvelopeJson,
      sender: '\u0430lice',
      receiver: 'b\u200bob',
      conversationId: 'ｃｏｎｖ',
    });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.problems).toEqual([
      { path: 'sender', message: `sender '\u0430lice' has a look-alike of 'a' (U+0430) at 0; ${HINT}` },
      { path: 'receiver', message: `receiver 'b\u200bob' has an invisible character (U+200B) at 1; ${HINT}` },
      {
        path: 'conversationId',
        message: `conversationId 'ｃｏｎｖ' has a look-alike of 'c' (U+FF43) at 0; ${HINT}`,
      },
    ]);
  });

  it('are refused as topic names', () => {
    const result = decodeEnvelope({ ...validEnvelopeJson, receiver: '#m\u0430rket' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.problems[0]!.message).toContain("topic name 'm\u0430rket'");
  });

  it('cannot be spawned, so no agent can pass for another', () => {
    const { system } = systemFixture();
    expect(() => system.endpoint('\u0430lice')).toThrow(/look-alike of 'a' \(U\+0430\) at 0/);
  });
});
