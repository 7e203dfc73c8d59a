import { pieceEnd, splitForWrite } from './write-chunks.js';

/** Where paced text goes: xterm's write(), whose callback runs once the text is parsed. */
export type WriteSink = (data: string, parsed?: () => void) => void;

export interface PacedWriterOptions {
  /** Text handed to the terminal in one go; the next slice waits until this one is parsed. */
  sliceChars?: number;
  /**
   * After a slice took `t` ms to parse, the terminal rests `t * restRatio` ms before the next one
   * (1 = at most half the main thread). A flood of output then leaves room for everything else on
   * the page, and the backend pauses the program (it waits for acknowledgements) instead.
   */
  restRatio?: number;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

interface Item {
  data: string;
  /** How much of data was already handed on. */
  offset: number;
  counted: boolean;
}

/** Feeds a terminal in small slices with rests between them, reporting what it has parsed. */
export function createPacedWriter(sink: WriteSink, onParsed: (chars: number) => void, options: PacedWriterOptions = {}) {
  const sliceChars = options.sliceChars ?? 8192;
  const restRatio = options.restRatio ?? 1;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const queue: Item[] = [];
  let pending = 0;
  let busy = false;
  let timer: unknown = null;
  let disposed = false;

  function takeSlice(): { pieces: string[]; counted: number } {
    const pieces: string[] = [];
    let size = 0;
    let counted = 0;
    while (queue.length > 0 && size < sliceChars) {
      const item = queue[0]!;
      const end = pieceEnd(item.data, item.offset, sliceChars - size);
      const part = item.offset === 0 && end === item.data.length ? item.data : item.data.slice(item.offset, end);
      item.offset = end;
      if (end === item.data.length) queue.shift();
      pieces.push(...splitForWrite(part));
      size += part.length;
      if (item.counted) counted += part.length;
    }
    return { pieces, counted };
  }

  function pump(): void {
    timer = null;
    if (disposed || queue.length === 0) {
      busy = false;
      return;
    }
    busy = true;
    const started = now();
    const { pieces, counted } = takeSlice();
    const last = pieces.length - 1;
    pieces.forEach((piece, i) => {
      sink(
        piece,
        i === last
          ? () => {
              if (disposed) return;
              pending -= counted;
              if (counted > 0) onParsed(counted);
              const rest = (now() - started) * restRatio;
              timer = setTimer(pump, Math.min(rest, 100));
            }
          : undefined,
      );
    });
  }

  return {
    /** Queues text; `counted` text is reported to onParsed once parsed (program output, not banners). */
    push(data: string, counted = true): void {
      if (disposed || data.length === 0) return;
      queue.push({ data, offset: 0, counted });
      if (counted) pending += data.length;
      if (!busy) pump();
    },
    /** Counted characters queued or being parsed, not yet reported. */
    get pending(): number {
      return pending;
    },
    /** Stops writing; returns the counted characters never reported (acknowledge them, or the program stays paused). */
    dispose(): number {
      disposed = true;
      if (timer !== null) clearTimer(timer);
      queue.length = 0;
      const left = pending;
      pending = 0;
      return left;
    },
  };
}
