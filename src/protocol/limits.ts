/**
 * Bounds on what a trust boundary accepts. They are checked by an iterative walk before any schema
 * runs, so a 100,000-deep payload or a 50 MB string is refused in microseconds and never recursed into.
 */
export interface Limits {
  /** Serialized size of the whole envelope, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Nesting depth of objects and arrays; the envelope itself is depth 1. */
  readonly maxDepth: number;
  /** Length of any one string, key or value. */
  readonly maxStringLength: number;
  /** Number of values (objects, arrays and scalars) in the whole envelope. */
  readonly maxValues: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxStringLength: 64 * 1024,
  maxValues: 20_000,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every way `value` breaks `limits` or is not plain JSON, as sentences with the path where it happens.
 * Stops early once a bound is broken, since what lies beyond it is not worth reading.
 */
export function limitProblems(value: unknown, limits: Limits = DEFAULT_LIMITS): string[] {
  const problems: string[] = [];
  let bytes = 0;
  let values = 0;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    values += 1;
    if (values > limits.maxValues) {
      problems.push(`has more than ${limits.maxValues} values; split it into smaller messages`);
      break;
    }
    const here = item.path === '' ? 'the envelope' : item.path;
    const v = item.value;
    switch (typeof v) {
      case 'string':
        if (v.length > limits.maxStringLength) {
          problems.push(
            `${here} is a string of ${v.length} characters; the limit is ${limits.maxStringLength}`,
          );
          return problems;
        }
        bytes += v.length + 2;
        break;
      case 'number':
        if (!Number.isFinite(v))
          problems.push(`${here} is ${v}, which JSON cannot carry; send a finite number`);
        bytes += 8;
        break;
      case 'boolean':
        bytes += 5;
        break;
      case 'object': {
        if (v === null) {
          bytes += 4;
          break;
        }
        if (item.depth > limits.maxDepth) {
          problems.push(`${here} is nested more than ${limits.maxDepth} levels deep; flatten it`);
          return problems;
        }
        if (Array.isArray(v)) {
          bytes += 2 + v.length;
          for (let i = v.length - 1; i >= 0; i--)
            stack.push({ value: v[i], path: `${item.path}[${i}]`, depth: item.depth + 1 });
          break;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          problems.push(
            `${here} is a ${proto?.constructor?.name ?? 'non-plain'} object; send plain JSON objects`,
          );
          break;
        }
        const keys = Object.keys(v);
        bytes += 2 + keys.length;
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          if (key.length > limits.maxStringLength) {
            problems.push(
              `${here} has a key of ${key.length} characters; the limit is ${limits.maxStringLength}`,
            );
            return problems;
          }
          if (FORBIDDEN_KEYS.has(key)) {
            problems.push(`${here} has the key '${key}', which is refused to prevent prototype pollution`);
            continue;
          }
          bytes += key.length + 3;
          const path = item.path === '' ? key : `${item.path}.${key}`;
          stack.push({ value: (v as Record<string, unknown>)[key], path, depth: item.depth + 1 });
        }
        break;
      }
      default:
        problems.push(`${here} is a ${typeof v}, which JSON cannot carry`);
    }
    if (bytes > limits.maxBytes) {
      problems.push(`is larger than ${limits.maxBytes} bytes; send less or raise maxBytes`);
      break;
    }
  }
  return problems;
}
