/**
 * Largest piece handed to xterm's write() at once. xterm parses its write queue in slices of about
 * 12 ms, but only between pieces: one 200 KB piece of short lines is parsed in a single task of
 * hundreds of milliseconds (each line feed also moves the scrollbar). Small pieces keep every task
 * short; 1 KB is ~150 short lines, which took up to 15 ms before xterm's code warmed up (4 KB took 65 ms).
 */
export const WRITE_PIECE_CHARS = 1024;

/** Where a piece starting at `start` should end: at most `max` units on, never between a surrogate pair. */
export function pieceEnd(data: string, start: number, max: number): number {
  let end = Math.min(start + max, data.length);
  // A high surrogate at the cut would leave half a character in each piece.
  if (end < data.length && end - start > 1) {
    const code = data.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
  }
  return end;
}

/** Splits terminal text into pieces of at most `max` UTF-16 units, never between a surrogate pair. */
export function splitForWrite(data: string, max = WRITE_PIECE_CHARS): string[] {
  if (data.length <= max) return [data];
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    const end = pieceEnd(data, start, max);
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}
