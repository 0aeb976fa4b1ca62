import { afterEach, describe, expect, it } from 'vitest';
import { InspectorBindError } from '../../src/inspect/inspector-errors.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import { openSocket, pageSocketUrl } from './support.js';

let server: InspectorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const origin = (s: InspectorServer) => `http://127.0.0.1:${s.port}`;

describe('inspector access', () => {
  it('serves the page only with its token, and sets a cookie for the page’s own requests', async () => {
    server = await startInspector();
    expect(server.host).toBe('127.0.0.1');
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const none = await fetch(`${origin(server)}/`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${origin(server)}/?token=${'x'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    const asset = await fetch(`${origin(server)}/assets/whatever.js`);
    expect(asset.status).toBe(401);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('set-cookie')).toContain(`polis_inspect_${server.port}=${server.token}`);
    expect(page.headers.get('set-cookie')).toContain('HttpOnly');
    const withCookie = await fetch(`${origin(server)}/`, {
      headers: { cookie: `polis_inspect_${server.port}=${server.token}` },
    });
    expect(withCookie.status).toBe(200);
    const post = await fetch(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(server.hub.refused).toBe(4);
  });

  it('refuses every WebSocket without the right token, on both the ingest and the page socket', async () => {
    server = await startInspector();
    const base = `ws://127.0.0.1:${server.port}`;
    await expect(openSocket(`${base}/ingest`)).rejects.toThrow(/401/);
    await expect(openSocket(`${base}/ingest?token=nope`)).rejects.toThrow(/401/);
    await expect(openSocket(`${base}/ui`)).rejects.toThrow(/401/);
    await expect(openSocket(`${base}/ui?token=${server.token}x`)).rejects.toThrow(/401/);
    await expect(openSocket(`${base}/elsewhere?token=${server.token}`)).rejects.toThrow(/404/);
    // A page socket opened from another site is refused even with the token.
    await expect(openSocket(pageSocketUrl(server.url), { origin: 'http://evil.example' })).rejects.toThrow(
      /401/,
    );
    const ingest = await openSocket(server.ingestUrl);
    const page = await openSocket(pageSocketUrl(server.url), { origin: origin(server) });
    ingest.close();
    page.close();
    expect(server.hub.refused).toBe(6);
  });

  it('listens beyond loopback only when asked', async () => {
    await expect(startInspector({ host: '0.0.0.0' })).rejects.toBeInstanceOf(InspectorBindError);
    await expect(startInspector({ host: '0.0.0.0' })).rejects.toThrow(/allowRemote/);
    server = await startInspector({ host: '0.0.0.0', allowRemote: true });
    expect(server.host).toBe('0.0.0.0');
    const page = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(page.status).toBe(200);
    await server.close();
    server = await startInspector({ host: 'localhost' });
    expect(server.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
  });

  it('survives malformed requests and oversized page messages, and keeps serving', async () => {
    server = await startInspector();
    const malformed = await fetch(`${origin(server)}/%E0%A4%A?token=${server.token}`);
    expect(malformed.status).toBe(404);
    const page = await openSocket(pageSocketUrl(server.url), { origin: origin(server) });
    const closed = new Promise<number>((resolve) => page.once('close', (code) => resolve(code)));
    page.on('error', () => {});
    page.send('x'.repeat(2 * 1024 * 1024));
    // The page's socket is closed for breaking the size limit (1009: message too big); the server lives on.
    expect(await closed).toBe(1009);
    expect((await fetch(server.url)).status).toBe(200);
  });
});
