import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export interface CaptureTailOptions {
  /** Complete lines, in order, without their newline. */
  onLines(lines: string[]): void;
  /** Bytes read per step; the loop yields between steps so a flood never blocks the event loop for long. */
  chunkBytes?: number;
  /** How often to look for growth once at the end of the file. */
  pollMs?: number;
}

/**
 * Follows a capture file as the tracer appends to it. Lines are decoded one by one from the bytes
 * (a newline byte never sits inside a UTF-8 sequence, so splitting there is always safe), which also
 * gives each line its own string instead of a slice pinning a whole chunk in memory.
 */
export function createCaptureTail(path: string, options: CaptureTailOptions) {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const pollMs = options.pollMs ?? 25;
  let handle: FileHandle | null = null;
  let position = 0;
  let carry: Buffer = Buffer.alloc(0);
  let following = false;
  let loop: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let linesRead = 0;
  const buf = Buffer.allocUnsafe(chunkBytes);

  async function readOnce(): Promise<number> {
    if (!handle) return 0;
    const { bytesRead } = await handle.read(buf, 0, chunkBytes, position);
    if (bytesRead === 0) return 0;
    position += bytesRead;
    const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = data.indexOf(10, start);
      if (nl < 0) break;
      lines.push(data.toString('utf8', start, nl));
      start = nl + 1;
    }
    // The carry must own its bytes: `buf` is reused by the next read.
    carry = start < data.length ? Buffer.from(data.subarray(start)) : Buffer.alloc(0);
    linesRead += lines.length;
    if (lines.length > 0) options.onLines(lines);
    return bytesRead;
  }

  async function drain(): Promise<void> {
    while ((await readOnce()) > 0) await yieldToLoop();
  }

  async function follow(): Promise<void> {
    while (following) {
      await drain();
      if (!following) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = null;
    }
  }

  return {
    /** The text after the last newline (a line the tracer is still writing, e.g. a call still waiting). */
    get partial() {
      return carry.toString('utf8');
    },
    get bytesRead() {
      return position;
    },
    get linesRead() {
      return linesRead;
    },
    /** Reads what is there now, then keeps following the file until stop(). */
    async start() {
      handle = await open(path, 'r');
      following = true;
      loop = follow();
    },
    /** Reads to the current end of the file, then stops following. The partial last line stays in `partial`. */
    async stop() {
      following = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      await drain();
      await handle?.close();
      handle = null;
    },
  };
}
