import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** A fresh random token: 32 bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares tokens in constant time, so timing does not leak how much of a guess was right. */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/** The name of the cookie that carries the token for the page's own requests; per port, as cookies ignore ports. */
export function cookieName(port: number): string {
  return `polis_inspect_${port}`;
}

/** The token a request presents: `?token=` in its URL, or (for the page's own requests) the cookie. */
export function presentedToken(
  request: IncomingMessage,
  url: URL,
  port: number,
  allowCookie: boolean,
): string | undefined {
  const query = url.searchParams.get('token');
  if (query !== null) return query;
  if (!allowCookie) return undefined;
  const name = `${cookieName(port)}=`;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const trimmed = part.trim();
    if (trimmed.startsWith(name)) return trimmed.slice(name.length);
  }
  return undefined;
}
