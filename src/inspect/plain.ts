/** How much of a value {@link toPlain} keeps: enough to read, bounded so a huge context cannot stall a page. */
export interface PlainLimits {
  readonly depth: number;
  /** Items kept per array and keys per object; the rest is summarised. */
  readonly width: number;
  /** Characters kept per string. */
  readonly text: number;
}

export const DEFAULT_PLAIN_LIMITS: PlainLimits = { depth: 8, width: 200, text: 2000 };

/** The key under which {@link toPlain} says how many items or keys it left out. */
export const ELIDED = '…';

/**
 * Turns any value into plain JSON data: functions become their name, actor references their id, class
 * instances their own fields, cycles and anything too deep a short marker. Never throws.
 *
 * @example
 * toPlain({ ref: actor, when: new Date(0) }) // { ref: { actor: 'worker' }, when: '1970-01-01T00:00:00.000Z' }
 */
export function toPlain(value: unknown, limits: PlainLimits = DEFAULT_PLAIN_LIMITS): unknown {
  return convert(value, limits, 0, new Set());
}

function convert(value: unknown, limits: PlainLimits, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > limits.text ? `${value.slice(0, limits.text)}${ELIDED}` : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return null;
    case 'symbol':
      return value.toString();
    case 'function':
      return `ƒ ${value.name === '' ? 'anonymous' : value.name}`;
  }
  if (value === null) return null;
  return convertObject(value as object, limits, depth, seen);
}

function convertObject(value: object, limits: PlainLimits, depth: number, seen: Set<object>): unknown {
  if (seen.has(value)) return '[cycle]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Error) return { error: value.name, message: value.message };
  if (isActorRef(value)) return { actor: value.id };
  if (depth >= limits.depth) return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  seen.add(value);
  try {
    if (Array.isArray(value)) return convertArray(value, limits, depth, seen);
    if (value instanceof Map) return convertEntries([...value.entries()], limits, depth, seen, 'Map');
    if (value instanceof Set) return convertArray([...value], limits, depth, seen);
    return convertRecord(value, limits, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function convertArray(items: readonly unknown[], limits: PlainLimits, depth: number, seen: Set<object>) {
  const kept = items.length > limits.width ? items.slice(0, limits.width) : items;
  const out = kept.map((item) => convert(item, limits, depth + 1, seen));
  if (items.length > limits.width) out.push(`${ELIDED} ${items.length - limits.width} more`);
  return out;
}

function convertEntries(
  entries: readonly (readonly [unknown, unknown])[],
  limits: PlainLimits,
  depth: number,
  seen: Set<object>,
  tag: string,
): unknown {
  const out: Record<string, unknown> = { [`[${tag}]`]: entries.length };
  for (const [key, item] of entries.slice(0, limits.width)) {
    out[typeof key === 'string' ? key : String(convert(key, limits, depth + 1, seen))] = convert(
      item,
      limits,
      depth + 1,
      seen,
    );
  }
  if (entries.length > limits.width) out[ELIDED] = `${entries.length - limits.width} more`;
  return out;
}

function convertRecord(value: object, limits: PlainLimits, depth: number, seen: Set<object>): unknown {
  const out: Record<string, unknown> = {};
  let count = 0;
  // A `type` getter (envelope events) is not an own enumerable field; keep it, it names the event.
  const typed = (value as { type?: unknown }).type;
  if (typeof typed === 'string' && !Object.hasOwn(value, 'type')) out.type = typed;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (count++ >= limits.width) {
      out[ELIDED] = 'more keys';
      break;
    }
    out[key] = convert(item, limits, depth + 1, seen);
  }
  return out;
}

function isActorRef(value: object): value is { id: string } {
  const candidate = value as { id?: unknown; sessionId?: unknown; send?: unknown };
  return (
    typeof candidate.sessionId === 'string' &&
    typeof candidate.id === 'string' &&
    typeof candidate.send === 'function'
  );
}
