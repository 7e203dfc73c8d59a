/**
 * GDB/MI output records (gdb manual, "GDB/MI Output Syntax"), parsed without trusting the text: values
 * come from untrusted cores (function names, strings), so the parser never evaluates anything and tuples
 * are prototype-free objects.
 */

export type MiValue = string | MiValue[] | MiTuple;
export interface MiTuple {
  [key: string]: MiValue;
}

export type MiRecord =
  | { kind: 'result'; token: number | null; resultClass: string; results: MiTuple }
  | { kind: 'async'; token: number | null; type: '*' | '+' | '='; asyncClass: string; results: MiTuple }
  | { kind: 'stream'; type: '~' | '@' | '&'; text: string }
  | { kind: 'prompt' }
  | { kind: 'other'; text: string };

class Cursor {
  at = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.at];
  }
  expect(ch: string): void {
    if (this.text[this.at] !== ch) throw new Error(`MI: expected '${ch}' at ${this.at}`);
    this.at++;
  }
}

/** Pure: one line of gdb's MI output. Lines that do not parse come back as kind 'other'. */
export function parseMiLine(line: string): MiRecord {
  const text = line.replace(/\r$/, '');
  if (text === '(gdb) ' || text === '(gdb)') return { kind: 'prompt' };
  const first = text[0];
  if (first === '~' || first === '@' || first === '&') {
    try {
      const c = new Cursor(text);
      c.at = 1;
      return { kind: 'stream', type: first, text: parseCString(c) };
    } catch {
      return { kind: 'other', text };
    }
  }
  const m = text.match(/^(\d*)([\^*+=])([a-zA-Z-]+)/);
  if (!m) return { kind: 'other', text };
  const token = m[1] ? Number(m[1]) : null;
  try {
    const c = new Cursor(text);
    c.at = m[0].length;
    const results = parseResultsUntilEnd(c);
    if (m[2] === '^') return { kind: 'result', token, resultClass: m[3]!, results };
    return { kind: 'async', token, type: m[2] as '*' | '+' | '=', asyncClass: m[3]!, results };
  } catch {
    return { kind: 'other', text };
  }
}

function parseResultsUntilEnd(c: Cursor): MiTuple {
  const out: MiTuple = Object.create(null) as MiTuple;
  while (c.peek() === ',') {
    c.at++;
    const [key, value] = parseResult(c);
    out[key] = value;
  }
  if (c.at !== c.text.length) throw new Error('MI: trailing text');
  return out;
}

function parseResult(c: Cursor): [string, MiValue] {
  const start = c.at;
  while (c.at < c.text.length && c.text[c.at] !== '=') c.at++;
  const key = c.text.slice(start, c.at);
  if (!/^[A-Za-z_][\w-]*$/.test(key)) throw new Error('MI: bad variable name');
  c.expect('=');
  return [key, parseValue(c)];
}

function parseValue(c: Cursor): MiValue {
  const ch = c.peek();
  if (ch === '"') return parseCString(c);
  if (ch === '{') {
    c.at++;
    const out: MiTuple = Object.create(null) as MiTuple;
    if (c.peek() === '}') {
      c.at++;
      return out;
    }
    for (;;) {
      const [key, value] = parseResult(c);
      out[key] = value;
      if (c.peek() === ',') {
        c.at++;
        continue;
      }
      c.expect('}');
      return out;
    }
  }
  if (ch === '[') {
    c.at++;
    const out: MiValue[] = [];
    if (c.peek() === ']') {
      c.at++;
      return out;
    }
    for (;;) {
      // A list holds either values or name=value results; for results only the values matter here.
      const next = c.peek();
      if (next === '"' || next === '{' || next === '[') out.push(parseValue(c));
      else out.push(parseResult(c)[1]);
      if (c.peek() === ',') {
        c.at++;
        continue;
      }
      c.expect(']');
      return out;
    }
  }
  throw new Error(`MI: unexpected '${ch ?? 'end'}' at ${c.at}`);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** A C string as gdb writes it: backslash escapes and octal bytes (which form UTF-8 sequences). */
function parseCString(c: Cursor): string {
  c.expect('"');
  const bytes: number[] = [];
  for (;;) {
    const ch = c.text[c.at++];
    if (ch === undefined) throw new Error('MI: unterminated string');
    if (ch === '"') break;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const esc = c.text[c.at++];
    if (esc === undefined) throw new Error('MI: unterminated escape');
    if (/[0-7]/.test(esc)) {
      let digits = esc;
      while (digits.length < 3 && /[0-7]/.test(c.text[c.at] ?? '')) digits += c.text[c.at++];
      bytes.push(parseInt(digits, 8) & 0xff);
    } else if (esc === 'x') {
      let digits = '';
      while (digits.length < 2 && /[0-9a-fA-F]/.test(c.text[c.at] ?? '')) digits += c.text[c.at++];
      bytes.push(parseInt(digits || '0', 16));
    } else {
      const mapped = SIMPLE_ESCAPES[esc] ?? esc;
      for (const b of Buffer.from(mapped, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// Accessors that tolerate a missing or differently shaped field (gdb versions differ).

export function miString(v: MiValue | undefined, key: string): string | null {
  if (v === undefined || typeof v === 'string' || Array.isArray(v)) return null;
  const x = v[key];
  return typeof x === 'string' ? x : null;
}

export function miList(v: MiValue | undefined, key: string): MiValue[] {
  if (v === undefined || typeof v === 'string' || Array.isArray(v)) return [];
  const x = v[key];
  return Array.isArray(x) ? x : [];
}

export function miInt(v: MiValue | undefined, key: string): number | null {
  const s = miString(v, key);
  if (s === null || !/^-?\d+$/.test(s)) return null;
  return Number(s);
}
