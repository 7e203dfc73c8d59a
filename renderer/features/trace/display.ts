import type {
  CallEvent,
  FailureGroup,
  FileEntry,
  NetworkEntry,
  ProcessEntry,
  RecipeInfo,
  SyscallClass,
  SyscallStat,
  TraceEvent,
  WhyEnded,
} from '../../../native-bridge/contract/index.js';

export const VIEWS = [
  { id: 'failures', label: 'Failures' },
  { id: 'end', label: 'Why did it end?' },
  { id: 'files', label: 'Files' },
  { id: 'network', label: 'Network' },
  { id: 'processes', label: 'Processes' },
  { id: 'summary', label: 'Summary' },
  { id: 'slowest', label: 'Slowest calls' },
  { id: 'events', label: 'All events' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a recipe's question (its focus) is answered in. */
export const FOCUS_VIEW: Record<RecipeInfo['focus'], ViewId> = { failures: 'failures', files: 'files', network: 'network', inFlight: 'end', summary: 'summary' };

/** strace's %-sets, in the order the filter chips show them. */
export const CLASS_CHOICES: readonly SyscallClass[] = ['file', 'desc', 'network', 'process', 'memory', 'signal', 'ipc', 'library', 'other'];

export interface Filter {
  classes: readonly SyscallClass[];
  text: string;
}

const norm = (text: string): string => text.trim().toLowerCase();

function hasText(needle: string, ...hay: (string | null | undefined)[]): boolean {
  return needle === '' || hay.some((h) => h != null && h.toLowerCase().includes(needle));
}

/** Syscall name → its class, from the summary (failure groups only carry the name). */
export function classIndex(summary: readonly SyscallStat[]): Map<string, SyscallClass> {
  return new Map(summary.map((s) => [s.name, s.cls]));
}

function classOk(classes: readonly SyscallClass[], cls: SyscallClass | undefined): boolean {
  return classes.length === 0 || (cls !== undefined && classes.includes(cls));
}

/** A failure group as shown: flagged when its target is something the user named on the command line. */
export type ShownFailure = FailureGroup & { fromCommand: boolean };

export interface FailureSections {
  /** What a person usually cares about first, most telling on top. */
  important: ShownFailure[];
  /** What every program produces (loader probing…): shown dimmed below, never hidden. */
  noise: ShownFailure[];
}

/**
 * Whether a failure's target is one of the paths in the traced command line ("ls /x" failing on /x
 * is the answer; libselinux probing /selinux is not), including --opt=/path forms and relative paths.
 */
export function namedOnCommandLine(target: string | null, args: readonly string[]): boolean {
  if (!target) return false;
  for (const raw of args) {
    for (const part of raw.includes('=') ? [raw, raw.slice(raw.indexOf('=') + 1)] : [raw]) {
      const arg = part.replace(/\/+$/, '').replace(/^\.\//, '');
      if (arg.length < 2) continue;
      if (target === arg || target === part || target.endsWith(`/${arg}`)) return true;
    }
  }
  return false;
}

/**
 * Failure groups for display: important ones first those about something named on the command
 * line, then by rank, then by how recent (the last failure before a silent exit is often the
 * answer), then by count; noise after them in the same order.
 */
export function failureSections(
  groups: readonly FailureGroup[],
  filter: Filter,
  classes: Map<string, SyscallClass>,
  commandArgs: readonly string[] = [],
): FailureSections {
  const text = norm(filter.text);
  const kept: ShownFailure[] = groups
    .filter((g) => classOk(filter.classes, classes.get(g.name)) && hasText(text, g.name, g.errno, g.target, g.sentence, g.example))
    .map((g) => ({ ...g, fromCommand: namedOnCommandLine(g.target, commandArgs) }));
  const order = (a: ShownFailure, b: ShownFailure) =>
    Number(b.fromCommand) - Number(a.fromCommand) || a.rank - b.rank || b.lastSeq - a.lastSeq || b.count - a.count;
  return {
    important: kept.filter((g) => !g.noise).sort(order),
    noise: kept.filter((g) => g.noise).sort(order),
  };
}

export function filterFiles(files: readonly FileEntry[], filter: Filter): FileEntry[] {
  const text = norm(filter.text);
  return text === '' ? files.slice() : files.filter((f) => hasText(text, f.path, f.ops.join(' '), ...Object.keys(f.results.errors)));
}

export function filterNetwork(entries: readonly NetworkEntry[], filter: Filter): NetworkEntry[] {
  const text = norm(filter.text);
  return text === '' ? entries.slice() : entries.filter((n) => hasText(text, n.op, n.address, n.family, n.lastErrno, n.sentence));
}

export function filterProcesses(entries: readonly ProcessEntry[], filter: Filter): ProcessEntry[] {
  const text = norm(filter.text);
  if (text === '') return entries.slice();
  return entries.filter((p) => hasText(text, String(p.pid), ...p.execs.map((e) => `${e.path} ${e.argv.join(' ')}`), p.exit?.signal));
}

export interface SummaryRow extends SyscallStat {
  /** Share of all time spent in calls, 0–100. */
  percent: number;
  microsPerCall: number;
}

/** `strace -c`: share of time, seconds, µs per call, calls, errors, by total time. */
export function summaryRows(summary: readonly SyscallStat[], filter: Filter): { rows: SummaryRow[]; total: SummaryRow } {
  const text = norm(filter.text);
  const kept = summary.filter((s) => classOk(filter.classes, s.cls) && hasText(text, s.name));
  const totalSeconds = kept.reduce((sum, s) => sum + s.totalSeconds, 0);
  const rows = kept
    .map((s) => ({
      ...s,
      percent: totalSeconds > 0 ? (s.totalSeconds / totalSeconds) * 100 : 0,
      microsPerCall: s.calls > 0 ? Math.round((s.totalSeconds / s.calls) * 1e6) : 0,
    }))
    .sort((a, b) => b.totalSeconds - a.totalSeconds || b.calls - a.calls || a.name.localeCompare(b.name));
  const calls = kept.reduce((sum, s) => sum + s.calls, 0);
  const total: SummaryRow = {
    name: 'total',
    cls: 'other',
    calls,
    errors: kept.reduce((sum, s) => sum + s.errors, 0),
    totalSeconds,
    maxSeconds: kept.reduce((max, s) => Math.max(max, s.maxSeconds), 0),
    percent: totalSeconds > 0 ? 100 : 0,
    microsPerCall: calls > 0 ? Math.round((totalSeconds / calls) * 1e6) : 0,
  };
  return { rows, total };
}

export function filterSlowest(calls: readonly CallEvent[], filter: Filter): CallEvent[] {
  const text = norm(filter.text);
  return calls.filter((c) => classOk(filter.classes, c.cls) && hasText(text, c.name, c.argsText, c.errno));
}

/** "ok×3 ENOENT×2" */
export function resultsText(results: { ok: number; errors: Record<string, number> }): string {
  const parts = results.ok > 0 ? [`ok×${results.ok}`] : [];
  for (const [errno, n] of Object.entries(results.errors)) parts.push(`${errno}×${n}`);
  return parts.join(' ');
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 0.001) return `${(seconds * 1000).toFixed(1)} ms`;
  return `${Math.round(seconds * 1e6)} µs`;
}

/** One event as strace prints it (so it can be searched for in the raw capture). */
export function formatEventLine(e: TraceEvent): string {
  const head = `${e.time} [${e.pid}]`;
  switch (e.kind) {
    case 'call': {
      const ret = e.ret === null ? (e.state === 'detached' ? '<detached …>' : '<unfinished …>') : `= ${e.ret}`;
      const ann = e.retAnnotation ? `<${e.retAnnotation}>` : '';
      const err = e.errno ? ` ${e.errno}${e.errnoText ? ` (${e.errnoText})` : ''}` : e.note ? ` (${e.note})` : '';
      const dur = e.duration === null ? '' : ` <${e.duration.toFixed(6)}>`;
      return `${head} ${e.name}(${e.argsText}) ${ret}${ann}${err}${dur}`;
    }
    case 'signal':
      return `${head} --- ${e.signal} ${e.info} ---`;
    case 'exit':
      return e.signal
        ? `${head} +++ killed by ${e.signal}${e.coreDumped ? ' (core dumped)' : ''} +++`
        : `${head} +++ exited with ${e.code ?? '?'} +++`;
    case 'other':
      return `${head} ${e.text}`;
  }
}

/** A failure group as text for the clipboard or a ticket. */
export function failureText(g: FailureGroup): string {
  const where = g.target ? ` ${g.target}` : '';
  return [
    `${g.name} failed with ${g.errno}${g.errnoText ? ` (${g.errnoText})` : ''}${where}`,
    `  ${g.sentence}.`,
    `  ${g.count} time${g.count === 1 ? '' : 's'}, first ${g.firstTime}, last ${g.lastTime}${g.noise ? ` (usually harmless: ${g.noiseReason ?? 'noise'})` : ''}`,
    `  e.g. ${g.example}`,
  ].join('\n');
}

/** "Why did it end" as text for the clipboard. */
export function endText(end: WhyEnded, command: readonly string[]): string {
  const lines = [`Program: ${command.join(' ')}`, end.sentence];
  if (end.lastFailures.length > 0) {
    lines.push('Last failing calls before the end:');
    for (const f of end.lastFailures) lines.push(`  ${f.time}  ${f.name} → ${f.errno}  ${f.target ?? ''}  (${f.sentence})`);
  }
  return lines.join('\n');
}

export function networkText(n: NetworkEntry): string {
  return `${n.op} ${n.address} (${n.family}): ${n.outcome ?? resultsText(n.results)}${n.sentence ? ` — ${n.sentence}` : ''}`;
}

export function fileText(f: FileEntry): string {
  return `${f.path} [${f.ops.join(', ')}] ${resultsText(f.results)}`;
}

/** Terminal columns and rows that fit a box, for the first size the program sees. */
export function estimateTerminalSize(widthPx: number, heightPx: number, cell = { width: 7.8, height: 17 }): { cols: number; rows: number } {
  const cols = Math.floor((widthPx - 24) / cell.width);
  const rows = Math.floor((heightPx - 16) / cell.height);
  return { cols: Math.min(1000, Math.max(20, cols || 80)), rows: Math.min(1000, Math.max(5, rows || 24)) };
}
