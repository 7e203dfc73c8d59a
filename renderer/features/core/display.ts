import type {
  CoreExecutableMatch,
  CoreLimit,
  CoreStackFrame,
  CoreStatus,
  CoreThreadStack,
  CrashEntry,
} from '../../../native-bridge/contract/index.js';
import { formatBytes } from '../../app/format.js';

/** Pure: the crashing thread first (the one the user came for), then the others in gdb's order. */
export function orderThreads(threads: readonly CoreThreadStack[], crashedThreadId: number | null): CoreThreadStack[] {
  const isCrashed = (t: CoreThreadStack): boolean => (crashedThreadId !== null ? t.id === crashedThreadId : t.crashed);
  const first = threads.filter(isCrashed);
  const rest = threads.filter((t) => !isCrashed(t)).sort((a, b) => a.id - b.id);
  return [...first, ...rest];
}

export function threadTitle(t: CoreThreadStack): string {
  return `Thread ${t.id}${t.lwp !== null ? ` (LWP ${t.lwp})` : ''}${t.name ? ` "${t.name}"` : ''}`;
}

export function frameFunction(f: CoreStackFrame): string {
  return f.function ?? '??';
}

/** "text=0x0, count=3": a missing value shows its type instead, as gdb does. */
export function frameArgs(f: CoreStackFrame): string {
  return f.args.map((a) => `${a.name}=${a.value ?? `<${a.type ?? '?'}>`}`).join(', ');
}

/** Where the frame is: "crash.c:6" when the source is known, else the library, else nothing. */
export function frameLocation(f: CoreStackFrame): string {
  if (f.file !== null && f.line !== null) return `${f.file}:${f.line}`;
  if (f.file !== null) return f.file;
  return '';
}

/** The frame to explain first: the innermost frame with source of the crashing thread (the code the user wrote). */
export function firstFrameWithSource(t: CoreThreadStack | undefined): CoreStackFrame | null {
  return t?.frames.find((f) => f.file !== null && f.line !== null && f.function !== null) ?? null;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

const MATCH_LABELS: Record<CoreExecutableMatch, { label: string; tone: Tone; hint: string }> = {
  'same-build': { label: 'present, same build', tone: 'ok', hint: 'The program on disk is the one that crashed.' },
  'different-build': {
    label: 'present, different build',
    tone: 'bad',
    hint: 'The program on disk was rebuilt since the crash; the backtrace may point at wrong lines.',
  },
  'changed-after-crash': {
    label: 'changed since the crash',
    tone: 'warn',
    hint: 'The program file was modified after the crash; it may no longer match the core.',
  },
  unverified: { label: 'present, not verified', tone: 'neutral', hint: 'The program is there, but Triage could not compare builds.' },
  missing: { label: 'missing', tone: 'bad', hint: 'The program that crashed is no longer on disk; choose it by hand if you have a copy.' },
  unknown: { label: 'unknown', tone: 'neutral', hint: 'Triage could not tell which program this core belongs to.' },
};

export function executableMatch(match: CoreExecutableMatch): { label: string; tone: Tone; hint: string } {
  return MATCH_LABELS[match];
}

export function signalLabel(entry: Pick<CrashEntry, 'signal' | 'signalName'>): string {
  if (entry.signalName && entry.signal !== null) return `${entry.signalName} (${entry.signal})`;
  return entry.signalName ?? (entry.signal !== null ? `signal ${entry.signal}` : '—');
}

/** "unlimited", "0 (off)" or a size. */
export function formatLimit(bytes: number | null): string {
  if (bytes === null) return 'unlimited';
  if (bytes === 0) return '0 (off)';
  return formatBytes(bytes);
}

export function limitText(limit: CoreLimit): string {
  return `soft ${formatLimit(limit.soft)}, hard ${formatLimit(limit.hard)}`;
}

export function willDumpBadge(status: Pick<CoreStatus, 'willDump'>): { label: string; tone: Tone } {
  switch (status.willDump) {
    case 'yes':
      return { label: 'On', tone: 'ok' };
    case 'no':
      return { label: 'Off', tone: 'bad' };
    case 'depends':
      return { label: 'Handled by a helper', tone: 'warn' };
  }
}

/** Newest crash first; entries without a time last. */
export function sortCrashes(crashes: readonly CrashEntry[]): CrashEntry[] {
  return [...crashes].sort((a, b) => (b.timeMs ?? -Infinity) - (a.timeMs ?? -Infinity));
}

export function baseName(path: string | null): string {
  if (!path) return '—';
  return path.split('/').filter(Boolean).pop() ?? path;
}
