import type { CoreSourceContext, CoreStackFrame } from '../contract/core.js';
import { openUntrusted } from './untrusted-file.js';

const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
const MAX_LINE_CHARS = 400;

/** Pure: the lines around `line` (1-based) of a source text. */
export function sliceSource(text: string, line: number, radius = 5): CoreSourceContext['lines'] {
  const all = text.split('\n');
  const from = Math.max(1, line - radius);
  const to = Math.min(all.length, line + radius);
  const out: CoreSourceContext['lines'] = [];
  for (let n = from; n <= to; n++) {
    const raw = (all[n - 1] ?? '').replace(/\r$/, '');
    out.push({ number: n, text: raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw });
  }
  return out;
}

/**
 * Source lines of the innermost frame whose file is on disk. The path comes from debug info in an
 * untrusted binary, so it is opened like any untrusted file (regular file, size cap, no FIFO).
 */
export async function sourceAround(frames: readonly CoreStackFrame[], radius = 5): Promise<CoreSourceContext | null> {
  for (const frame of frames) {
    if (!frame.fullPath || frame.line === null || !frame.fullPath.startsWith('/')) continue;
    try {
      const file = await openUntrusted(frame.fullPath, 'source', MAX_SOURCE_BYTES, true);
      try {
        const text = (await file.source.read(0, file.stat.size)).toString('utf8');
        return { file: frame.fullPath, line: frame.line, frameLevel: frame.level, lines: sliceSource(text, frame.line, radius) };
      } finally {
        await file.handle.close();
      }
    } catch {
      // Not on this machine: try the next frame out.
    }
  }
  return null;
}
