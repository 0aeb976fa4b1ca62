import { WebSocket } from 'ws';
import type { AgentSystem } from '../runtime/system.js';
import type { Frame } from './frames.js';
import { type CollectorOptions, InspectCollector } from './inspect-collector.js';
import { decodeOperatorCommand } from './operator-command.js';
import { applyCommand } from './operator-controls.js';
import { type PlainLimits, toPlain } from './plain.js';

export interface RemoteInspectorOptions extends CollectorOptions {
  /** The inspector's ingest URL with its token, as `polis inspect` prints it. */
  readonly url: string;
  /** How this process appears in the inspector. Default `polis <pid>`. */
  readonly name?: string;
  /** How often frames are sent, in ms. Default 50. */
  readonly flushMs?: number;
  /** Frames held while disconnected; the oldest are dropped beyond it. Default 50,000. */
  readonly maxBuffered?: number;
}

const WIRE_LIMITS: PlainLimits = { depth: 10, width: 500, text: 10_000 };

/**
 * Inspection for systems in this process, sent to an inspector running in another (`polis inspect`). It
 * reconnects when the inspector restarts and carries out the operator commands the page sends back.
 *
 * @example
 * const remote = connectInspector({ url: process.env.POLIS_INSPECT_URL!, name: 'pricing' });
 * const system = createSystem({ inspect: remote.inspect });
 * remote.attach(system);
 */
export class RemoteInspector {
  readonly collector: InspectCollector;
  /** Frames dropped because the inspector could not be reached in time. */
  dropped = 0;
  private socket: WebSocket | undefined;
  private buffer: Frame[] = [];
  /** What a fresh connection needs first: who we are, the charts, the actors and the controls. */
  private readonly replay = new Map<string, Frame>();
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;
  private retryMs = 250;

  constructor(private readonly options: RemoteInspectorOptions) {
    this.collector = new InspectCollector({ write: (frame) => this.write(frame) }, options);
    this.replay.set('hello', {
      type: 'polis.hello',
      name: options.name ?? `polis ${process.pid}`,
      pid: process.pid,
    });
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 50);
    this.timer.unref?.();
    this.connect();
  }

  readonly inspect: InspectCollector['inspect'] = (event) => this.collector.inspect(event);

  attach(system: AgentSystem): () => void {
    return this.collector.attach(system);
  }

  /** True while the socket to the inspector is open. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends what is buffered, then closes. */
  async close(): Promise<void> {
    this.closed = true;
    this.collector.close();
    clearInterval(this.timer);
    this.flush();
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return socket?.terminate();
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }

  private write(frame: Frame): void {
    const key = replayKey(frame);
    if (key !== undefined) this.replay.set(key, frame);
    // An actor that ended is not replayed: a new connection would show it running, and the map would grow
    // with every actor the process ever made.
    if (
      frame.type === 'polis.snapshot' &&
      frame.snapshot.status !== undefined &&
      frame.snapshot.status !== 'active'
    ) {
      this.replay.delete(`actor:${frame.actor}`);
    }
    this.buffer.push(frame);
    const max = this.options.maxBuffered ?? 50_000;
    if (this.buffer.length > max) {
      const excess = this.buffer.length - max;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
  }

  private flush(): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN || this.buffer.length === 0) return;
    const frames = this.buffer;
    this.buffer = [];
    for (let i = 0; i < frames.length; i += 2000) {
      const batch = frames.slice(i, i + 2000).map(wireFrame);
      socket.send(JSON.stringify({ type: 'polis.batch', frames: batch }));
    }
  }

  private connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.on('open', () => {
      this.retryMs = 250;
      this.buffer = [...this.replay.values(), ...this.buffer.filter((f) => replayKey(f) === undefined)];
      this.flush();
    });
    socket.on('message', (data) => void this.command(data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.closed) return;
      // Come back when the inspector does, a little later each time.
      setTimeout(() => this.connect(), this.retryMs).unref?.();
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    });
  }

  private async command(text: string): Promise<void> {
    let message: { type?: unknown; id?: unknown; command?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.type !== 'polis.command' || typeof message.id !== 'string') return;
    const decoded = decodeOperatorCommand(message.command);
    const outcome = decoded.ok
      ? await applyCommand(this.collector.controls, decoded.value)
      : { ok: false, message: decoded.error };
    this.socket?.send(JSON.stringify({ type: 'polis.command-result', id: message.id, ...outcome }));
  }
}

/** A frame as it can travel: what carries the app's own data (contexts, events, contents) made plain. */
function wireFrame(frame: Frame): unknown {
  switch (frame.type) {
    case 'polis.snapshot':
    case 'polis.event':
    case 'polis.envelope':
    case 'polis.dead-letter':
    case 'polis.panel':
      return toPlain(frame, WIRE_LIMITS);
    default:
      // Charts, transitions, counters and the like are plain already, and may nest deeper than app data may.
      return frame;
  }
}

function replayKey(frame: Frame): string | undefined {
  switch (frame.type) {
    case 'polis.definition':
      return `def:${frame.def}`;
    case 'polis.actor':
      return `actor:${frame.actor}`;
    case 'polis.controls':
      return 'controls';
    case 'polis.panel':
      return `panel:${frame.panel}:${frame.id ?? 'main'}`;
    default:
      return undefined;
  }
}

/**
 * Connects this process's systems to an inspector elsewhere. See {@link RemoteInspector}.
 *
 * @example
 * const remote = connectInspector({ url: 'ws://127.0.0.1:4400/ingest?token=…' });
 */
export function connectInspector(options: RemoteInspectorOptions): RemoteInspector {
  return new RemoteInspector(options);
}
