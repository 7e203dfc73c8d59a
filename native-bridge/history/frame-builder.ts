import type { Frame, FrameRow } from './frame-codec.js';

const MiB = 1024 * 1024;

/**
 * "Changed beyond a small threshold": a row is written again when what a reader would see moved by more
 * than this since the row was last written, so rounding noise (CPU flickering by 0.3 %, a page of RSS)
 * costs nothing, while the error of a replayed table stays below these bounds (and a keyframe every minute
 * resets everything, cumulative CPU time included).
 */
export function changedBeyondThreshold(prev: FrameRow, next: FrameRow): boolean {
  if (Math.abs(next.cpu - prev.cpu) >= 1) return true;
  if (Math.abs(next.rss - prev.rss) >= Math.max(MiB, prev.rss * 0.02)) return true;
  if (Math.abs(next.vsize - prev.vsize) >= Math.max(4 * MiB, prev.vsize * 0.05)) return true;
  if (Math.abs((next.swap ?? 0) - (prev.swap ?? 0)) >= MiB || (next.swap === null) !== (prev.swap === null)) return true;
  if (Math.abs((next.shared ?? 0) - (prev.shared ?? 0)) >= Math.max(MiB, (prev.shared ?? 0) * 0.05)) return true;
  if (rateMoved(prev.ioReadPerSec, next.ioReadPerSec) || rateMoved(prev.ioWritePerSec, next.ioWritePerSec)) return true;
  if (next.threads !== prev.threads || next.nice !== prev.nice || next.priority !== prev.priority) return true;
  if (next.name !== prev.name || next.cmdline !== prev.cmdline) return true;
  // Running and sleeping swap all the time in busy programs; the states worth seeing (D, T, Z…) always count.
  const quiet = (s: string) => s === 'R' || s === 'S';
  return next.state !== prev.state && !(quiet(next.state) && quiet(prev.state));
}

function rateMoved(prev: number | null, next: number | null): boolean {
  if ((prev === null) !== (next === null)) return true;
  if (prev === null || next === null) return false;
  return Math.abs(next - prev) >= Math.max(64 * 1024, prev * 0.1);
}

/**
 * Decides what each frame holds. `build` proposes a frame; `commit` is called only once the frame is in the
 * database, so a refused write (a full disk) never leaves the builder believing rows were stored.
 */
export class FrameBuilder {
  private written = new Map<number, FrameRow>();
  private lastKeyWall = Number.NEGATIVE_INFINITY;

  constructor(private readonly keyEveryMs = 60_000) {}

  /** The next frame is a keyframe (a new segment, after an error). */
  reset(): void {
    this.written = new Map();
    this.lastKeyWall = Number.NEGATIVE_INFINITY;
  }

  build(wall: number, rows: readonly FrameRow[], meta: { ncpu: number; totalMemoryBytes: number }): Frame {
    const key = wall - this.lastKeyWall >= this.keyEveryMs || wall < this.lastKeyWall;
    if (key) return { key, ...meta, rows: [...rows], gone: [] };
    const present = new Set<number>();
    const changed: FrameRow[] = [];
    for (const row of rows) {
      present.add(row.id);
      const prev = this.written.get(row.id);
      if (!prev || changedBeyondThreshold(prev, row)) changed.push(row);
    }
    const gone = [...this.written.keys()].filter((id) => !present.has(id));
    return { key, ...meta, rows: changed, gone };
  }

  commit(wall: number, frame: Frame): void {
    if (frame.key) {
      this.written = new Map(frame.rows.map((r) => [r.id, r]));
      this.lastKeyWall = wall;
      return;
    }
    for (const id of frame.gone) this.written.delete(id);
    for (const row of frame.rows) this.written.set(row.id, row);
  }
}
