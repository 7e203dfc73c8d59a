import { scanArgs, scanReturn, scanTime, skipSpaces, type ReturnTail } from './scan.js';

/**
 * One line of `strace -f -tt -T -yy -o FILE` or `ltrace -f -tt -T -o FILE`, before unfinished/resumed
 * pairs are joined (that needs state across lines: see call-joiner.ts).
 */
export type TraceLine =
  | ({ type: 'call'; pid: number; time: string; t: number; name: string; argsText: string; args: string[] } & ReturnTail)
  /** A call cut by `<unfinished ...>` (resumes later), `<no return ...>` (ltrace: never returns) or `<detached ...>`. */
  | { type: 'unfinished'; marker: 'unfinished' | 'noreturn' | 'detached'; pid: number; time: string; t: number; name: string; partial: string }
  | { type: 'resumed'; pid: number; time: string; t: number; name: string; rest: string }
  | { type: 'signal'; pid: number; time: string; t: number; signal: string; info: string }
  | { type: 'exit'; pid: number; time: string; t: number; code: number | null; signal: string | null; coreDumped: boolean }
  | { type: 'other'; pid: number; time: string; t: number; text: string };

const timeOut = { t: 0, end: 0 };

/**
 * Parses one line; `defaultPid` is used when the line carries no pid (a single process traced without -f).
 * Never throws: text it does not understand comes back as type 'other'.
 */
export function parseTraceLine(line: string, defaultPid = 0): TraceLine {
  let i = 0;
  const n = line.length;
  let pid = defaultPid;
  // `[pid  123] ` is how strace marks pids when writing to a terminal instead of a file.
  if (line.charCodeAt(0) === 91 /* [ */ && line.startsWith('[pid', 0)) {
    i = skipSpaces(line, 4);
    let v = 0;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    pid = v;
    if (line.charCodeAt(i) === 93 /* ] */) i++;
    i = skipSpaces(line, i);
  } else {
    let j = 0;
    let v = 0;
    while (j < n) {
      const c = line.charCodeAt(j);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      j++;
    }
    // Digits then a space is a pid; digits then ':' or '.' is already the time.
    if (j > 0 && line.charCodeAt(j) === 32) {
      pid = v;
      i = skipSpaces(line, j);
    }
  }
  let time = '';
  let t = 0;
  if (scanTime(line, i, timeOut)) {
    time = line.slice(i, timeOut.end);
    t = timeOut.t;
    i = skipSpaces(line, timeOut.end);
  }
  const c0 = line.charCodeAt(i);
  if (c0 === 43 /* + */ && line.startsWith('+++ ', i)) return parseExit(line, i + 4, pid, time, t);
  if (c0 === 45 /* - */ && line.startsWith('--- ', i)) return parseSignal(line, i + 4, pid, time, t);
  if (c0 === 60 /* < */ && line.startsWith('<... ', i)) {
    const close = line.indexOf(' resumed>', i + 5);
    if (close > 0) {
      return { type: 'resumed', pid, time, t, name: line.slice(i + 5, close), rest: line.slice(close + 9) };
    }
  }
  const open = line.indexOf('(', i);
  if (open <= i || !isCallName(line, i, open)) return { type: 'other', pid, time, t, text: line.slice(i) };
  const name = line.slice(i, open);
  const scan = scanArgs(line, open + 1);
  if (scan.stop === 'close') {
    const call: Extract<TraceLine, { type: 'call' }> = {
      type: 'call',
      pid,
      time,
      t,
      name,
      argsText: line.slice(open + 1, scan.end),
      args: scan.args,
      ret: null,
      retAnnotation: null,
      errno: null,
      errnoText: null,
      note: null,
      duration: null,
    };
    scanReturn(line, scan.end + 1, call);
    return call;
  }
  // Cut calls: the partial arguments stop before the space that precedes the marker.
  let partialEnd = scan.end;
  if (scan.stop === 'marker' && partialEnd > open + 1 && line.charCodeAt(partialEnd - 1) === 32) partialEnd--;
  const partial = line.slice(open + 1, partialEnd);
  let marker: 'unfinished' | 'noreturn' | 'detached' = 'unfinished';
  if (scan.stop === 'marker') {
    if (line.startsWith('<no return', scan.end)) marker = 'noreturn';
    else if (line.startsWith('<detached', scan.end)) marker = 'detached';
  }
  return { type: 'unfinished', marker, pid, time, t, name, partial };
}

/** Syscall and library names: identifiers, plus ltrace's `lib.so->name` and `name@plt` forms. */
function isCallName(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 32 || c === 34 || c === 61 /* = */) return false;
  }
  return true;
}

function parseExit(line: string, i: number, pid: number, time: string, t: number): TraceLine {
  // strace: `exited with 3`, `killed by SIGSEGV (core dumped)`; ltrace: `exited (status 2)`.
  if (line.startsWith('exited with ', i) || line.startsWith('exited (status ', i)) {
    let k = i + (line.startsWith('exited with ', i) ? 12 : 15);
    let v = 0;
    let digits = 0;
    while (k < line.length) {
      const c = line.charCodeAt(k);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      digits++;
      k++;
    }
    if (digits > 0) return { type: 'exit', pid, time, t, code: v, signal: null, coreDumped: false };
  }
  if (line.startsWith('killed by ', i)) {
    const k = i + 10;
    let e = k;
    while (e < line.length && line.charCodeAt(e) !== 32) e++;
    return {
      type: 'exit',
      pid,
      time,
      t,
      code: null,
      signal: line.slice(k, e),
      coreDumped: line.includes('(core dumped)', e),
    };
  }
  return { type: 'other', pid, time, t, text: line.slice(i - 4) };
}

function parseSignal(line: string, i: number, pid: number, time: string, t: number): TraceLine {
  let end = line.length;
  if (line.endsWith(' ---')) end -= 4;
  if (line.startsWith('SIG', i)) {
    let e = i;
    while (e < end && line.charCodeAt(e) !== 32) e++;
    return { type: 'signal', pid, time, t, signal: line.slice(i, e), info: line.slice(skipSpaces(line, e), end) };
  }
  // `--- stopped by SIGSTOP ---`
  const by = line.indexOf(' by SIG', i);
  if (by > 0 && by < end) {
    return { type: 'signal', pid, time, t, signal: line.slice(by + 4, end), info: line.slice(i, by) };
  }
  return { type: 'other', pid, time, t, text: line.slice(i - 4) };
}
