/**
 * Character-level helpers shared by the strace and ltrace line parsers. Hand-rolled (charCodeAt, no
 * regexes) because a busy program produces over 100,000 lines a second.
 */

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const LT = 60;
const GT = 62;
const LPAREN = 40;
const RPAREN = 41;
const LBRACK = 91;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const SLASH = 47;
const STAR = 42;

export function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  return i;
}

/** i is at an opening quote; returns the index after the closing quote (or s.length if cut). */
export function skipString(s: string, i: number): number {
  i++;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return s.length;
}

/**
 * i is at the '<' of a -yy annotation such as `3</etc/passwd>`, `0</dev/null<char 1:3>>` or
 * `3<TCP:[127.0.0.1:5000->127.0.0.1:6000]>` (the '>' of '->' sits inside brackets, so brackets mask it).
 * Returns the index after the closing '>'.
 */
export function skipAnnotation(s: string, i: number): number {
  let angle = 0;
  let bracket = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === QUOTE) {
      i = skipString(s, i);
      continue;
    }
    if (c === LBRACK) bracket++;
    else if (c === RBRACK) {
      if (bracket > 0) bracket--;
    } else if (bracket === 0) {
      if (c === LT) angle++;
      else if (c === GT) {
        angle--;
        if (angle === 0) return i + 1;
      }
    }
    i++;
  }
  return s.length;
}

export interface ArgScan {
  /** Index of the closing ')' of the argument list, or of the marker's '<' when the call is cut. */
  end: number;
  /** 'close' when ')' was found; 'marker' for `<unfinished ...>` and friends; 'eol' when the line stops. */
  stop: 'close' | 'marker' | 'eol';
  args: string[];
}

function pushArg(s: string, from: number, to: number, args: string[]): void {
  while (from < to && s.charCodeAt(from) === SPACE) from++;
  while (to > from && s.charCodeAt(to - 1) === SPACE) to--;
  if (to > from) args.push(s.slice(from, to));
}

/**
 * Splits the argument list that starts at i (just after the call's '(') into top-level arguments,
 * stepping over quoted strings with escapes, nested {} [] (), comments and -yy annotations.
 */
export function scanArgs(s: string, i: number): ArgScan {
  const args: string[] = [];
  let depth = 0;
  let argStart = i;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    switch (c) {
      case QUOTE:
        i = skipString(s, i);
        continue;
      case LPAREN:
      case LBRACK:
      case LBRACE:
        depth++;
        break;
      case RBRACK:
      case RBRACE:
        if (depth > 0) depth--;
        break;
      case RPAREN:
        if (depth === 0) {
          pushArg(s, argStart, i, args);
          return { end: i, stop: 'close', args };
        }
        depth--;
        break;
      case COMMA:
        if (depth === 0) {
          pushArg(s, argStart, i, args);
          argStart = i + 1;
        }
        break;
      case LT:
        // An annotation is glued to its value; a marker (`<unfinished ...>`) follows a space.
        if (i > 0 && s.charCodeAt(i - 1) !== SPACE) {
          i = skipAnnotation(s, i);
          continue;
        }
        if (depth === 0 || s.startsWith('<unfinished', i) || s.startsWith('<no return', i) || s.startsWith('<detached', i)) {
          pushArg(s, argStart, i, args);
          return { end: i, stop: 'marker', args };
        }
        break;
      case SLASH:
        if (i + 1 < n && s.charCodeAt(i + 1) === STAR) {
          const close = s.indexOf('*/', i + 2);
          i = close < 0 ? n : close + 2;
          continue;
        }
        break;
      default:
        break;
    }
    i++;
  }
  pushArg(s, argStart, n, args);
  return { end: n, stop: 'eol', args };
}

export interface ReturnTail {
  ret: string | null;
  retAnnotation: string | null;
  errno: string | null;
  errnoText: string | null;
  note: string | null;
  duration: number | null;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Index after the ')' matching the '(' at i. */
function skipParens(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(s, i);
      continue;
    }
    if (c === LPAREN) depth++;
    else if (c === RPAREN) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

/** Parses `= RET[<ann>] [ERRNO (text)|(note)] [<duration>]` starting at i (just after the ')'). */
export function scanReturn(s: string, i: number, out: ReturnTail): void {
  out.ret = null;
  out.retAnnotation = null;
  out.errno = null;
  out.errnoText = null;
  out.note = null;
  out.duration = null;
  i = skipSpaces(s, i);
  if (s.charCodeAt(i) !== 61 /* = */) return;
  i = skipSpaces(s, i + 1);
  const n = s.length;
  const retStart = i;
  const first = s.charCodeAt(i);
  if (first === QUOTE) {
    // ltrace returns strings: `= "C.UTF-8"` possibly followed by `...`.
    i = skipString(s, i);
    while (i < n && s.charCodeAt(i) === 46 /* . */) i++;
  } else if (first === LT) {
    i = skipAnnotation(s, i); // ltrace's `<void>`
  } else if (first === LBRACE || first === LBRACK) {
    let depth = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(s, i);
        continue;
      }
      if (c === LBRACE || c === LBRACK) depth++;
      else if (c === RBRACE || c === RBRACK) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
      i++;
    }
  } else {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === LT) break;
      i++;
    }
  }
  out.ret = s.slice(retStart, i);
  if (i < n && s.charCodeAt(i) === LT && first !== LT) {
    const annEnd = skipAnnotation(s, i);
    out.retAnnotation = s.slice(i + 1, annEnd - 1);
    i = annEnd;
  }
  i = skipSpaces(s, i);
  if (i < n && isUpper(s.charCodeAt(i)) && s.charCodeAt(i) === 69 /* E */) {
    const start = i;
    while (i < n && s.charCodeAt(i) !== SPACE) i++;
    out.errno = s.slice(start, i);
    i = skipSpaces(s, i);
  }
  if (i < n && s.charCodeAt(i) === LPAREN) {
    const close = skipParens(s, i);
    const text = s.slice(i + 1, close - 1);
    if (out.errno !== null) out.errnoText = text;
    else out.note = text;
    i = skipSpaces(s, close);
  }
  if (i < n && s.charCodeAt(i) === LT) {
    const close = s.indexOf('>', i);
    if (close > 0) {
      const d = Number(s.slice(i + 1, close));
      if (!Number.isNaN(d)) out.duration = d;
    }
  }
}

/** Parses HH:MM:SS[.frac] or epoch seconds at i; returns seconds (since midnight or epoch) and end index. */
export function scanTime(s: string, i: number, out: { t: number; end: number }): boolean {
  const n = s.length;
  let v = 0;
  let part = 0;
  let seconds = 0;
  let sawColon = false;
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
    } else if (c === 58 /* : */) {
      seconds = seconds * 60 + v;
      v = 0;
      part++;
      sawColon = true;
    } else break;
    i++;
  }
  if (i === start) return false;
  seconds = sawColon ? seconds * 60 + v : v;
  if (sawColon && part !== 2) return false;
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    let frac = 0;
    let scale = 1;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      scale *= 10;
      i++;
    }
    seconds += frac / scale;
  }
  out.t = seconds;
  out.end = i;
  return true;
}
