import WebSocket from 'ws';
import type { ServerMessage } from '../../src/inspect/wire.js';

/** Opens a socket and resolves once it is open, or rejects with the HTTP status it was refused with. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`refused with ${response.statusCode}`));
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** The page socket's address for a page URL (`http://host/?token=…` → `ws://host/ui?token=…`). */
export function pageSocketUrl(pageUrl: string): string {
  return pageUrl.replace(/^http/, 'ws').replace('/?', '/ui?');
}

/** Collects what the server sends a page, and waits for a message that passes `test`. */
export class PageClient {
  readonly received: ServerMessage[] = [];
  /** Everything that arrived, `clear` or not. */
  readonly history: ServerMessage[] = [];
  private waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  /** Opens a page socket; listens from the start, as the server speaks first. */
  static async open(url: string): Promise<PageClient> {
    const socket = new WebSocket(url);
    const client = new PageClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(message);
      this.history.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  next<T extends ServerMessage>(test: (m: ServerMessage) => m is T, timeoutMs = 5_000): Promise<T> {
    const found = this.received.find(test);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /** Forgets what arrived so far, so `next` waits for something new. */
  clear(): void {
    this.received.length = 0;
  }
}

/** Polls `check` until it returns true, for state that arrives over sockets. */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
