/**
 * Unsigned integers separated by spaces, read straight from char codes: /proc lines are all this shape,
 * and a char loop is cheaper than split + Number on the sampling hot path.
 * Reads from `from` up to `to` (exclusive) and stops at the first character that is neither digit nor blank.
 */
export function readUints(text: string, from: number, to: number, out: number[] = []): number[] {
  out.length = 0;
  let value = 0;
  let inNumber = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
    } else if (c === 32 || c === 9) {
      if (inNumber) out.push(value);
      value = 0;
      inNumber = false;
    } else {
      break;
    }
  }
  if (inNumber) out.push(value);
  return out;
}

/** Index just past the end of the line that starts at `from` (text length when it is the last line). */
export function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}
