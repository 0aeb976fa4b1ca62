import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  type Decoded,
  DecodeError,
  decodeEnvelope,
  decodeEnvelopeJson,
  type Envelope,
  type Problem,
} from './support/core.js';
import { validEnvelopeJson } from './support/envelopes.js';

function problemsOf(result: Decoded<Envelope>): readonly Problem[] {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  expect(result.error).toBeInstanceOf(DecodeError);
  return result.error.problems;
}

const paths = (result: Decoded<Envelope>) => problemsOf(result).map((p) => p.path);

/** `depth` objects, each holding the next: built in a loop, since a recursive builder would overflow. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('a valid envelope', () => {
  it('decodes to the same value', () => {
    const result = decodeEnvelope(validEnvelopeJson);
    expect(result).toEqual({ ok: true, value: validEnvelopeJson });
  });

  it('round-trips through JSON text and UTF-8 bytes', () => {
    const text = JSON.stringify(validEnvelopeJson);
    const fromText = decodeEnvelopeJson(text);
    const fromBytes = decodeEnvelopeJson(new TextEncoder().encode(text));
    expect(fromText).toEqual({ ok: true, value: validEnvelopeJson });
    expect(fromBytes).toEqual(fromText);
    if (fromText.ok) expect(JSON.stringify(fromText.value)).toBe(text);
  });

  it('passes content of a kind nobody registered with only the envelope checks', () => {
    const envelope = { ...validEnvelopeJson, content: { kind: 'quote', anything: [1, 'two', { three: 3 }] } };
    expect(decodeEnvelope(envelope).ok).toBe(true);
  });
});

describe('every problem is reported at once', () => {
  it('three wrong fields give three problems, each naming its field', () => {
    const result = decodeEnvelope({
      ...validEnvelopeJson,
      performative: 'shout',
      priority: 'urgent',
      sentAt: -5,
    });
    expect(paths(result)).toEqual(['performative', 'priority', 'sentAt']);
    const [performative, priority, sentAt] = problemsOf(result);
    expect(performative!.message).toMatch(/performative must be one of .*inform/);
    expect(priority!.message).toBe('priority must be one of critical, high, normal, low');
    expect(sentAt!.message).toMatch(/finite, non-negative time/);
  });

  it('a missing field, an unknown field and a wrong optional field are all named', () => {
    const { sender: _omitted, ...withoutSender } = validEnvelopeJson;
    const result = decodeEnvelope({ ...withoutSender, urgent: true, expiresAt: 'soon' });
    const problems = problemsOf(result);
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual({ path: 'sender', message: 'is missing' });
    expect(problems).toContainEqual({ path: 'urgent', message: 'is not a field of an envelope; remove it' });
    expect(problems.find((p) => p.path === 'expiresAt')?.message).toMatch(/number/);
  });

  it('the error message lists every problem in one sentence a person can read', () => {
    const result = decodeEnvelope({ ...validEnvelopeJson, priority: 'urgent', receiver: '' });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.code).toBe('decode-failed');
    expect(result.error.message).toMatch(/^envelope was refused: /);
    expect(result.error.message).toContain('priority must be one of');
    expect(result.error.message).toContain('receiver is empty');
  });

  it('says what an envelope must be when the input is not an object at all', () => {
    for (const input of [null, 42, 'text', [], true]) {
      const problems = problemsOf(decodeEnvelope(input));
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/^an envelope must be a JSON object, not /);
    }
  });

  it('refuses numbers JSON cannot carry, with the field named', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, sentAt: bad }));
      expect(problems[0]!.message).toContain(`sentAt is ${bad}, which JSON cannot carry`);
    }
  });

  it('refuses things that are not plain JSON (dates, maps, functions) instead of guessing', () => {
    expect(problemsOf(decodeEnvelope({ ...validEnvelopeJson, sentAt: new Date(0) }))[0]!.message).toMatch(
      /sentAt is a Date object; send plain JSON objects/,
    );
    expect(
      problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'x', f: () => 1 } }))[0]!.message,
    ).toMatch(/content\.f is a function/);
  });
});

describe('limits hold before any schema runs', () => {
  it('refuses a 100,000-deep payload, saying it is nested too deep, without walking it', () => {
    let reads = 0;
    // Each level counts the reads made of it: a decoder that walked the whole payload would make ~100,000.
    let payload: object = { leaf: true };
    for (let i = 0; i < 100_000; i++) {
      payload = new Proxy(
        { a: payload },
        {
          get: (target, key, receiver) => {
            reads++;
            return Reflect.get(target, key, receiver);
          },
        },
      );
    }
    const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'x', payload } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(
      `nested more than ${DEFAULT_LIMITS.maxDepth} levels deep; flatten it`,
    );
    expect(reads).toBeLessThan(100);
  });

  it('refuses a 100,000-deep payload in JSON text, for its size or, when size is allowed, its depth', () => {
    const depth = 100_000;
    const text = `{"kind":"x","a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const envelopeText = JSON.stringify({ ...validEnvelopeJson, content: null }).replace(
      '"content":null',
      `"content":${text}`,
    );
    expect(problemsOf(decodeEnvelopeJson(envelopeText))[0]!.message).toMatch(
      /^envelope is \d+ bytes; the limit is 262144$/,
    );
    const roomy = { ...DEFAULT_LIMITS, maxBytes: 10_000_000 };
    expect(problemsOf(decodeEnvelopeJson(envelopeText, { limits: roomy }))[0]!.message).toContain(
      'nested more than 32 levels deep',
    );
    expect(problemsOf(decodeEnvelope(nested(depth)))[0]!.message).toContain('nested more than 32 levels');
  });

  it('refuses a 50 MB string, naming its length and the limit', () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'x', huge } }));
    expect(problems).toEqual([
      {
        path: '',
        message: `envelope content.huge is a string of ${huge.length} characters; the limit is ${DEFAULT_LIMITS.maxStringLength}`,
      },
    ]);
  });

  it('refuses 50 MB of JSON text for its size before parsing it', () => {
    const text = `{"id":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const problems = problemsOf(decodeEnvelopeJson(text));
    expect(problems[0]!.message).toBe(`envelope is ${text.length} bytes; the limit is 262144`);
  });

  it('refuses an envelope with too many values, and says to split it', () => {
    const many = Array.from({ length: DEFAULT_LIMITS.maxValues + 1 }, () => 0);
    const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'x', many } }));
    expect(problems[0]!.message).toContain('split it into smaller messages');
  });

  it('applies limits passed by the caller', () => {
    const limits = { ...DEFAULT_LIMITS, maxStringLength: 8 };
    const problems = problemsOf(
      decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'longer-kind' } }, { limits }),
    );
    expect(problems[0]!.message).toContain('the limit is 8');
  });
});

describe('keys that could pollute prototypes', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses '${key}' anywhere in the envelope, from JSON text`, () => {
      const text = JSON.stringify(validEnvelopeJson).replace('"kind":"bid"', `"kind":"bid","${key}":{"x":1}`);
      const problems = problemsOf(decodeEnvelopeJson(text));
      expect(problems[0]!.message).toContain(
        `has the key '${key}', which is refused to prevent prototype pollution`,
      );
    });
  }

  it('refuses a top-level __proto__ and leaves Object.prototype untouched', () => {
    const result = decodeEnvelopeJson('{"__proto__":{"polluted":true}}');
    expect(problemsOf(result)[0]!.message).toBe(
      "the envelope has the key '__proto__', which is refused to prevent prototype pollution",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('content of known kinds is checked against its schema', () => {
  it('a bid with a negative price is refused at content.price', () => {
    const result = decodeEnvelope({
      ...validEnvelopeJson,
      content: { ...validEnvelopeJson.content, price: -1 },
    });
    expect(problemsOf(result)).toEqual([
      { path: 'content.price', message: expect.stringMatching(/non-negative/) },
    ]);
  });

  it('reports every content problem at once, and unknown content fields too', () => {
    const result = decodeEnvelope({
      ...validEnvelopeJson,
      content: { kind: 'bid', price: 'free', bonus: 1 },
    });
    expect(new Set(paths(result))).toEqual(
      new Set(['content.taskId', 'content.price', 'content.eta', 'content.bonus']),
    );
  });

  it('a wrong optional content field is one problem, named once, with no "Expected undefined" beside it', () => {
    const task = { kind: 'task', taskId: 't1', capability: 'paint', work: 3, budget: 'cheap' };
    const failure = { kind: 'lifecycle', event: 'failed', agent: 'a', error: { name: 'E' } };
    for (const content of [task, failure]) {
      const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, content }));
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).not.toContain('undefined');
    }
    expect(paths(decodeEnvelope({ ...validEnvelopeJson, content: task }))).toEqual(['content.budget']);
    expect(paths(decodeEnvelope({ ...validEnvelopeJson, content: failure }))).toEqual([
      'content.error.message',
    ]);
  });

  it('checks lifecycle and directory contents too', () => {
    const lifecycle = { kind: 'lifecycle', event: 'exploded', agent: 'a' };
    const problems = problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: lifecycle }));
    expect(problems).toEqual([
      { path: 'content.event', message: expect.stringContaining('one of "spawned"') },
    ]);
    const query = { kind: 'directory-query' };
    expect(paths(decodeEnvelope({ ...validEnvelopeJson, content: query }))).toEqual(['content.capability']);
  });

  it('refuses a content kind that is not an id, or no content kind at all', () => {
    expect(paths(decodeEnvelope({ ...validEnvelopeJson, content: { kind: 'bid price' } }))).toEqual([
      'content.kind',
    ]);
    expect(problemsOf(decodeEnvelope({ ...validEnvelopeJson, content: {} }))).toEqual([
      { path: 'content.kind', message: 'is missing' },
    ]);
  });
});

describe('JSON text', () => {
  it('that does not parse is refused with the parser’s reason', () => {
    const problems = problemsOf(decodeEnvelopeJson('{"id": '));
    expect(problems[0]!.message).toMatch(/^envelope is not JSON \(.+\)$/);
  });

  it('counts bytes, not characters, against the size limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxBytes: 400 };
    const wide = JSON.stringify({ ...validEnvelopeJson, content: { kind: 'x', text: '€'.repeat(100) } });
    expect(wide.length).toBeLessThan(400);
    expect(problemsOf(decodeEnvelopeJson(wide, { limits }))[0]!.message).toMatch(/bytes; the limit is 400/);
  });
});
