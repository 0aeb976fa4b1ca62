import type { Envelope } from '../protocol/envelope.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Long strings are identified by their length and first characters: enough to tell patterns apart, cheap on the hot path. */
const STRING_PREFIX = 24;

/** Mixes a string into an FNV-1a hash. */
function mixString(hash: number, text: string): number {
  let h = hash;
  const n = Math.min(text.length, STRING_PREFIX);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return Math.imul(h ^ text.length, FNV_PRIME);
}

/**
 * Mixes a 32-bit integer into a hash.
 *
 * @example
 * mixInt(hash, 42)
 */
export function mixInt(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

/**
 * What an envelope says, as a 32-bit number: its performative, and its content's kind and top-level values
 * (nested objects count by shape, not by value). Equal messages give equal signatures, so repeated patterns
 * (a loop, agents in lockstep) show up as repeated numbers. Who sent it and to whom are not part of it.
 *
 * @example
 * envelopeSignature(a) === envelopeSignature(b) // same performative and same content
 */
export function envelopeSignature(envelope: Envelope): number {
  let h = mixString(FNV_OFFSET, envelope.performative);
  const content = envelope.content as unknown as Record<string, unknown>;
  for (const key in content) {
    // Keys come in the order the sender wrote them; their number and lengths tell shapes apart cheaply.
    h = mixInt(h, key.length);
    const value = content[key];
    switch (typeof value) {
      case 'string':
        h = mixString(h, value);
        break;
      case 'number':
        h = mixInt(mixInt(h, value | 0), ((value - (value | 0)) * 0x40000000) | 0);
        break;
      case 'boolean':
        h = mixInt(h, value ? 3 : 2);
        break;
      case 'object':
        h = mixInt(h, value === null ? 5 : Array.isArray(value) ? 7 + value.length : 6);
        break;
      default:
        h = mixInt(h, 1);
    }
  }
  return h >>> 0;
}

/**
 * A hash of an id, for mixing who-talks-to-whom into a fingerprint.
 *
 * @example
 * idHash('bidder-1') === idHash('bidder-1') // true
 */
export function idHash(id: string): number {
  return mixString(FNV_OFFSET, id) >>> 0;
}
