import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { cookieName, isLoopback, newToken, presentedToken, tokenMatches } from './access.js';
import { IngestSession } from './ingest-session.js';
import { type CollectorOptions, InspectCollector } from './inspect-collector.js';
import { InspectorBindError, InspectorListenError } from './inspector-errors.js';
import { type HubOptions, InspectorHub } from './inspector-hub.js';
import { applyCommand } from './operator-controls.js';
import { PageSession } from './page-session.js';
import { findUiDir, MISSING_UI_PAGE, readUiFile } from './ui-files.js';

export interface InspectorOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Default 127.0.0.1. Anything that is not loopback needs `allowRemote: true`. */
  readonly host?: string;
  /** Says you mean to let other machines reach the inspector (with the token). */
  readonly allowRemote?: boolean;
  /** The access token; default a fresh random one. */
  readonly token?: string;
  /** How much history to keep. */
  readonly history?: HubOptions;
  /** How often pages get updates, in ms. Default 250. */
  readonly flushMs?: number;
  /** Where the built page is; default the package's `inspector/dist`. */
  readonly uiDir?: string;
  /** The largest message a producer may send, in bytes. Default 16 MiB. */
  readonly maxPayload?: number;
}

/**
 * A running inspector: a web page and WebSockets on one port, behind a token.
 *
 * @example
 * const inspector = await startInspector();
 * console.log(`open ${inspector.url}`);
 * const system = createSystem({ clock, inspect: inspector.collector('market').inspect });
 */
export class InspectorServer {
  readonly hub: InspectorHub;
  private readonly pages = new Set<PageSession>();
  private readonly collectors: InspectCollector[] = [];
  private readonly ingest: WebSocketServer;
  private readonly pageSockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private connections = 0;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    readonly token: string,
    hub: InspectorHub,
    maxPayload: number,
  ) {
    this.hub = hub;
    this.ingest = new WebSocketServer({ noServer: true, maxPayload });
  }

  /** @internal Used by {@link startInspector}. */
  static async listen(options: InspectorOptions): Promise<InspectorServer> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopback(host) && options.allowRemote !== true) throw new InspectorBindError(host);
    const token = options.token ?? newToken();
    const hub = new InspectorHub(options.history);
    const uiDir = options.uiDir ?? findUiDir();
    let self: InspectorServer | undefined;
    const server = createServer((request, response) => {
      if (self === undefined) return response.end();
      // A request must never take the process down: answer 500 and keep serving.
      self.http(request, response, uiDir).catch(() => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('the inspector could not answer this request\n');
      });
    });
    const port = options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      const refused = (error: unknown) => reject(new InspectorListenError(host, port, error));
      server.once('error', refused);
      server.listen(port, host, () => {
        server.off('error', refused);
        resolve();
      });
    });
    const listening = (server.address() as AddressInfo).port;
    self = new InspectorServer(server, host, listening, token, hub, options.maxPayload ?? 16 * 1024 * 1024);
    self.wire(options);
    return self;
  }

  /** The page's address, token included: open it in a browser. */
  get url(): string {
    return `http://${this.hostForUrl}:${this.port}/?token=${this.token}`;
  }

  /** Where producers connect: other Polis processes (`connectInspector`) and `@statelyai/inspect`. */
  get ingestUrl(): string {
    return `ws://${this.hostForUrl}:${this.port}/ingest?token=${this.token}`;
  }

  /**
   * A collector for systems in this process, shown as one source named `name`; the page's operator
   * commands reach its controls.
   */
  collector(name: string, options: CollectorOptions = {}): InspectCollector {
    let collector: InspectCollector | undefined;
    const source = this.hub.openSource(name, 'local', (command) =>
      collector === undefined
        ? Promise.resolve({ ok: false, message: 'not ready' })
        : applyCommand(collector.controls, command),
    );
    collector = new InspectCollector({ write: source.ingest }, options);
    this.collectors.push(collector);
    return collector;
  }

  /** Stops serving: closes every socket and the port. */
  async close(): Promise<void> {
    for (const collector of this.collectors) collector.close();
    for (const page of this.pages) page.stop();
    for (const client of [...this.ingest.clients, ...this.pageSockets.clients]) client.terminate();
    this.ingest.close();
    this.pageSockets.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private get hostForUrl(): string {
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  private wire(options: InspectorOptions): void {
    const flushMs = options.flushMs ?? 250;
    this.server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head, flushMs));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, flushMs: number): void {
    // A client that resets its connection mid-handshake must not take the process down.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://inspector');
    const forPage = url.pathname === '/ui';
    const forIngest = url.pathname === '/ingest' || url.pathname === '/';
    const token = presentedToken(request, url, this.port, forPage);
    if ((!forPage && !forIngest) || !tokenMatches(token, this.token) || (forPage && !sameOrigin(request))) {
      this.hub.refused++;
      socket.end(
        `HTTP/1.1 ${forPage || forIngest ? '401 Unauthorized' : '404 Not Found'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    if (forPage) {
      this.pageSockets.handleUpgrade(request, socket, head, (ws) => {
        const page: PageSession = new PageSession(
          ws,
          this.hub,
          (text) => this.notifyOthers(page, text),
          flushMs,
        );
        this.pages.add(page);
        ws.on('close', () => this.pages.delete(page));
        page.start();
      });
      return;
    }
    this.ingest.handleUpgrade(request, socket, head, (ws) => {
      new IngestSession(ws, this.hub, `connection ${++this.connections}`);
    });
  }

  /** Tells every other open page what an operator did; the one who did it sees the command's own result. */
  private notifyOthers(from: PageSession, text: string): void {
    for (const page of this.pages) if (page !== from) page.notice(text);
  }

  private async http(
    request: IncomingMessage,
    response: ServerResponse,
    uiDir: string | undefined,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://inspector');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const token = presentedToken(request, url, this.port, true);
    if (request.method !== 'GET' || !tokenMatches(token, this.token)) {
      this.hub.refused++;
      response.writeHead(request.method !== 'GET' ? 405 : 401, {
        'content-type': 'text/plain; charset=utf-8',
      });
      response.end(
        request.method !== 'GET'
          ? 'method not allowed\n'
          : 'the inspector needs its token: open the URL it printed\n',
      );
      return;
    }
    const headers: Record<string, string> = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy':
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; frame-ancestors 'none'",
    };
    if (isPage) {
      headers['set-cookie'] = `${cookieName(this.port)}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
      headers['cache-control'] = 'no-store';
    }
    const file = uiDir === undefined ? undefined : await readUiFile(uiDir, isPage ? '/' : url.pathname);
    if (file === undefined) {
      if (isPage) {
        response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
        response.end(MISSING_UI_PAGE);
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': file.type });
    response.end(file.body);
  }
}

/** A browser sends `Origin`; the page's socket must come from the page itself, not another site. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Starts an inspector on 127.0.0.1 (a free port unless you name one) with a fresh token.
 * Rejects with {@link InspectorBindError} for a non-loopback host without `allowRemote: true`, and with
 * {@link InspectorListenError} when it cannot listen there (a taken port).
 *
 * @example
 * const inspector = await startInspector({ port: 4400 });
 * console.log(inspector.url); // http://127.0.0.1:4400/?token=…
 */
export function startInspector(options: InspectorOptions = {}): Promise<InspectorServer> {
  return InspectorServer.listen(options);
}
