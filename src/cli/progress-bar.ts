/** Where the CLI writes, so tests can run it in-process. */
export interface CliIo {
  write(text: string): void;
  error(text: string): void;
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  readonly isTTY: boolean;
  /** Wall-clock ms, for deciding when a run is long enough to deserve a bar. */
  now(): number;
  /** Resolves when the user asks to stop (Ctrl-C); the inspector serves until then. Default: SIGINT/SIGTERM. */
  untilInterrupted?(): Promise<void>;
  /** Called with the inspector's page URL once it listens (tests use it to open the page). */
  onInspector?(url: string): void;
}

const WIDTH = 30;

/**
 * A progress bar on stderr that appears only on a terminal and only once a run has taken a second, so
 * short runs and piped output stay clean.
 */
export class ProgressBar {
  private readonly started: number;
  private shown = false;
  private lastDrawn = 0;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
  ) {
    this.started = io.now();
  }

  update(done: number, total: number): void {
    if (!this.io.isTTY || total <= 0) return;
    const now = this.io.now();
    if (now - this.started < 1000 || now - this.lastDrawn < 50) return;
    this.lastDrawn = now;
    this.shown = true;
    const share = Math.min(1, done / total);
    const filled = Math.round(share * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    this.io.error(`\r${this.label} ${bar} ${Math.round(share * 100)}% (${done}/${total})`);
  }

  finish(): void {
    if (this.shown) this.io.error(`\r${' '.repeat(WIDTH + this.label.length + 24)}\r`);
  }
}
