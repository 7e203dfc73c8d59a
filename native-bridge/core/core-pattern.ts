import { posix } from 'node:path';
import type { CoreHandler } from '../contract/core.js';

export interface ParsedCorePattern {
  pattern: string;
  handler: CoreHandler;
  /** For a pipe: the program (first word after '|'). */
  pipeProgram: string | null;
  /** For a file pattern: true when it lands relative to the crashing program's working folder. */
  relative: boolean;
  /**
   * The deepest folder without %-specifiers: absolute for absolute patterns, relative (possibly '.')
   * otherwise; null for pipes.
   */
  directory: string | null;
  /** The rest of the pattern under `directory` (may contain '/' when a folder holds specifiers). */
  rest: string | null;
  /** core_uses_pid appends ".PID" when the pattern has no %p (file patterns only). */
  appendsPid: boolean;
}

/** The placeholders of core(5), named as a user reads them. */
const SPECIFIER_WORDS: Record<string, string> = {
  p: '<pid>', P: '<pid>', i: '<thread id>', I: '<thread id>', u: '<uid>', g: '<gid>', d: '<dump mode>',
  s: '<signal>', t: '<time>', h: '<hostname>', e: '<program>', E: '<program path with ! for />', f: '<program>',
  c: '<core limit>', C: '<cgroup>',
};

/** Pure: what /proc/sys/kernel/core_pattern (+ core_uses_pid) means. */
export function parseCorePattern(raw: string, usesPid: boolean): ParsedCorePattern {
  const pattern = raw.replace(/\n$/, '');
  if (pattern.trim() === '') {
    return { pattern, handler: 'none', pipeProgram: null, relative: false, directory: null, rest: null, appendsPid: false };
  }
  if (pattern.startsWith('|')) {
    const program = pattern.slice(1).trim().split(/\s+/)[0] ?? '';
    const base = posix.basename(program);
    const handler: CoreHandler = base === 'systemd-coredump' ? 'systemd-coredump' : /apport/.test(base) ? 'apport' : 'pipe';
    return { pattern, handler, pipeProgram: program || null, relative: false, directory: null, rest: null, appendsPid: false };
  }
  const relative = !pattern.startsWith('/');
  const parts = pattern.split('/');
  // The folder part stops at the first component that holds a specifier: it changes per crash.
  let literal = 0;
  while (literal < parts.length - 1 && !parts[literal]!.includes('%')) literal++;
  const dirParts = parts.slice(0, literal);
  let directory = dirParts.join('/');
  if (!relative && directory === '') directory = '/';
  if (relative) directory = directory === '' ? '.' : directory;
  const rest = parts.slice(literal).join('/');
  const appendsPid = usesPid && !/%[pP]/.test(stripEscapedPercents(pattern));
  return { pattern, handler: 'file', pipeProgram: null, relative, directory, rest, appendsPid };
}

function stripEscapedPercents(text: string): string {
  return text.replace(/%%/g, '');
}

/** "core.<pid>" style description of the file name part. */
export function describeFileName(parsed: ParsedCorePattern): string | null {
  if (parsed.handler !== 'file' || parsed.rest === null) return null;
  const words = parsed.rest.replace(/%(.)/g, (_m, c: string) => (c === '%' ? '%' : (SPECIFIER_WORDS[c] ?? '')));
  return parsed.appendsPid ? `${words}.<pid>` : words;
}

export interface KnownCrashFacts {
  pid?: number;
  program?: string;
  uid?: number;
  gid?: number;
  signal?: number;
}

/**
 * A regular expression for the path under `directory` that a crash with these facts produces; unknown
 * specifiers (time, hostname...) match any run of non-slash characters.
 */
export function corePathRegex(parsed: ParsedCorePattern, facts: KnownCrashFacts = {}): RegExp | null {
  if (parsed.handler !== 'file' || parsed.rest === null) return null;
  const known: Record<string, string | undefined> = {
    p: facts.pid?.toString(), P: facts.pid?.toString(), u: facts.uid?.toString(), g: facts.gid?.toString(),
    s: facts.signal?.toString(), e: facts.program?.slice(0, 15),
  };
  let source = '';
  const rest = parsed.rest;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch !== '%') {
      source += escapeRegex(ch);
      continue;
    }
    const spec = rest[++i];
    if (spec === undefined) break;
    if (spec === '%') source += '%';
    else if (known[spec] !== undefined) source += escapeRegex(known[spec]);
    else source += /[pPiIugdstc]/.test(spec) ? '\\d+' : '[^/]+';
  }
  if (parsed.appendsPid) source += facts.pid !== undefined ? `\\.${facts.pid}` : '\\.\\d+';
  return new RegExp(`^${source}$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
