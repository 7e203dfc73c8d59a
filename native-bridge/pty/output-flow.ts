/** What flow control needs of the pty: stop reading while the consumer lags, read again when it catches up. */
interface Pausable {
  pause(): void;
  resume(): void;
}

export interface FlowOptions {
  batchMs: number;
  /** Pause the pty once this many characters are handed on and not acknowledged... */
  high: number;
  /** ...and resume it once fewer than this are. */
  low: number;
}

/** Terminal output batched every `batchMs`, with the pty paused while the consumer lags behind by more than `high`. */
export class OutputFlow {
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | null = null;
  unacked = 0;
  paused = false;
  /** The program exited: nothing is left to pause. */
  exited = false;
  private disposed = false;

  constructor(
    private readonly pty: Pausable,
    private readonly onData: (data: string) => void,
    private readonly options: FlowOptions,
  ) {}

  push(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    // A fast writer can fill a whole batch window with megabytes: hand it on early so pausing can bite.
    if (this.unacked + this.pendingChars > this.options.high) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const pending = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    if (pending.length === 0 || this.disposed) return;
    const data = pending.length === 1 ? pending[0]! : pending.join('');
    this.unacked += data.length;
    if (!this.paused && this.unacked > this.options.high && !this.exited) {
      this.paused = true;
      this.pty.pause();
    }
    this.onData(data);
  }

  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < this.options.low) {
      this.paused = false;
      this.pty.resume();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposed = true;
    if (this.paused) this.pty.resume();
  }
}
