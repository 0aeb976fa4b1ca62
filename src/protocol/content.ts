import { Schema } from 'effect';

/**
 * An envelope's payload: any JSON object whose `kind` says what it is. Declare your own kinds as types
 * (`type Quote = { kind: 'quote'; price: number }`) and, to check them at trust boundaries, as schemas
 * in a {@link ContentRegistry}.
 */
export type Content = { readonly kind: string };

/** The content kinds of one protocol, each with the schema that decodes it. */
export type ContentRegistry = ReadonlyMap<string, Schema.Schema.AnyNoContext>;

/**
 * Builds a registry from schemas whose `kind` field is a literal.
 *
 * @example
 * const Quote = Schema.Struct({ kind: Schema.Literal('quote'), price: Schema.Number });
 * const registry = contentRegistry([Quote, ...polisContents]);
 */
export function contentRegistry(schemas: Iterable<KindSchema>): ContentRegistry {
  const registry = new Map<string, Schema.Schema.AnyNoContext>();
  for (const schema of schemas) registry.set(String(schema.fields.kind.literals[0]), schema);
  return registry;
}

/** A struct schema whose `kind` field is one literal. */
export type KindSchema = Schema.Schema.AnyNoContext & {
  readonly fields: { readonly kind: { readonly literals: readonly unknown[] } };
};

/** A content `kind` literal, with a message that names the field. */
export const kind = <K extends string>(name: K) => Schema.Literal(name);

/**
 * An optional field that is either absent or valid. Use it instead of `Schema.optional`, which also
 * admits `undefined` (JSON never carries it) and so reports a second, confusing "Expected undefined"
 * problem for every wrong optional field.
 *
 * @example
 * const Quote = Schema.Struct({ kind: kind('quote'), price: NonNegative, note: optionalField(Text) });
 */
export const optionalField = <S extends Schema.Schema.AnyNoContext>(schema: S) =>
  Schema.optionalWith(schema, { exact: true });

/** A short free-text field: a reason, a label. */
export const Text = Schema.String.pipe(Schema.maxLength(1024));

/** A finite number (NaN and ±Infinity are refused at trust boundaries). */
export const FiniteNumber = Schema.Number.pipe(Schema.finite());

/** A finite number ≥ 0. */
export const NonNegative = FiniteNumber.pipe(Schema.nonNegative());

/** Any JSON value, already bounded by the envelope limits. */
export const JsonValue = Schema.Unknown;
