import fc from 'fast-check';
import { type Envelope, PERFORMATIVES, PRIORITIES, polisContents } from './core.js';

/** Ids in the grammar: ASCII letters, digits and `-_.:`. */
export const anId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,24}$/);

/** A time in ms, from 0 to far beyond any real clock. */
export const aTime = fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true }));

/** Keys that are safe in any JSON object: never `kind`, never one that could pollute a prototype. */
const aKey = fc
  .stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/)
  .filter((key) => key !== 'kind' && key !== 'constructor' && key !== 'prototype');

/** Plain JSON that survives the envelope limits. */
export const safeJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(aKey, tie('json'), { maxKeys: 4 }),
  ),
})).json;

/** A content kind no registry checks, so any fields pass. */
const anUnregisteredKind = anId.filter((kind) => !polisContents.has(kind));

const aContent = fc.oneof(
  fc
    .tuple(anUnregisteredKind, fc.dictionary(aKey, safeJson, { maxKeys: 4 }))
    .map(([kind, fields]) => ({ ...fields, kind })),
  fc.record({
    kind: fc.constant('bid'),
    taskId: fc.string({ maxLength: 10 }),
    price: fc.double({ min: 0, max: 1e9, noNaN: true }),
    eta: fc.nat(),
  }),
);

export const aReceiver = fc.oneof(
  anId,
  anId.map((name) => `#${name}`),
  fc.constant('*'),
);

/** Valid envelopes as they arrive as JSON: required fields, any subset of the optional ones. */
export const aValidEnvelope: fc.Arbitrary<Envelope> = fc.record(
  {
    id: anId,
    performative: fc.constantFrom(...PERFORMATIVES),
    sender: anId,
    receiver: aReceiver,
    content: aContent,
    priority: fc.constantFrom(...PRIORITIES),
    sentAt: aTime,
    conversationId: anId,
    inReplyTo: anId,
    replyTo: anId,
    replyBy: aTime,
    expiresAt: aTime,
    protocol: anId,
  },
  { requiredKeys: ['id', 'performative', 'sender', 'receiver', 'content', 'priority', 'sentAt'] },
) as fc.Arbitrary<Envelope>;

export const REQUIRED_FIELDS = [
  'id',
  'performative',
  'sender',
  'receiver',
  'content',
  'priority',
  'sentAt',
] as const;
export const ID_FIELDS = ['id', 'sender', 'conversationId', 'inReplyTo', 'replyTo', 'protocol'] as const;
export const TIME_FIELDS = ['sentAt', 'replyBy', 'expiresAt'] as const;
export const ALL_FIELDS = [
  ...REQUIRED_FIELDS,
  'conversationId',
  'inReplyTo',
  'replyTo',
  'replyBy',
  'expiresAt',
  'protocol',
] as const;

/** Characters that must never pass in an id: look-alikes, invisibles, controls, other non-ASCII, punctuation. */
export const aForbiddenChar = fc.constantFrom(
  '\u0430', // Cyrillic а
  '\u0435', // Cyrillic е
  '\u043e', // Cyrillic о
  '\u0441', // Cyrillic с
  '\u03bf', // Greek ο
  'ａ', // fullwidth a
  'Ｚ', // fullwidth Z
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\ufeff', // byte-order mark
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u00e9',
  '\u2013',
  ' ',
  '/',
  '#',
  '*',
);

/** Values of the wrong type for every envelope field. */
export const aWrongValue = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 2 }),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(Number.NEGATIVE_INFINITY),
  fc.bigInt(),
  fc.constant(Symbol('junk')),
);
