import type { WebSocket } from 'ws';
import { decodeFrames } from './frames.js';
import type { InspectorHub, SourceHandle } from './inspector-hub.js';
import type { OperatorCommand } from './operator-command.js';
import type { CommandOutcome } from './operator-controls.js';

/** How long a remote system has to answer an operator command. */
const COMMAND_TIMEOUT_MS = 10_000;

/**
 * One producer's socket: decodes its frames (a bad frame is counted and reported, never fatal) and, once it
 * announces operator controls, carries the page's commands back to it.
 */
export class IngestSession {
  private readonly source: SourceHandle;
  private readonly pending = new Map<string, (outcome: CommandOutcome) => void>();
  private nextCommand = 1;

  constructor(
    private readonly socket: WebSocket,
    hub: InspectorHub,
    name: string,
  ) {
    this.source = hub.openSource(name, 'xstate', (command) => this.command(command));
    socket.on('message', (data, isBinary) => this.receive(isBinary ? undefined : data.toString()));
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
  }

  private receive(text: string | undefined): void {
    if (text === undefined) return this.source.reportBadFrame('a binary message; send JSON text frames');
    const { frames, problems } = decodeFrames(text);
    for (const problem of problems) this.source.reportBadFrame(problem);
    for (const frame of frames) {
      if (frame.type === 'polis.command-result') {
        this.pending.get(frame.id)?.({
          ok: frame.ok,
          message: frame.message ?? (frame.ok ? 'done' : 'failed'),
        });
        this.pending.delete(frame.id);
      }
      this.source.ingest(frame);
    }
  }

  private command(command: OperatorCommand): Promise<CommandOutcome> {
    if (this.socket.readyState !== this.socket.OPEN) {
      return Promise.resolve({ ok: false, message: 'the system is no longer connected' });
    }
    const id = `c${this.nextCommand++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, message: `no answer within ${COMMAND_TIMEOUT_MS / 1000} s` });
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      this.socket.send(JSON.stringify({ type: 'polis.command', id, command }));
    });
  }

  private close(): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, message: 'the system disconnected' });
    this.pending.clear();
    this.source.close();
  }
}
