import type { Connection, ConnectionsResult, DeletedFilesResult, DiskIoResult, Filesystem, Finding, Holder, ListeningResult, OpenFilesResult, Unreadable } from '../../contract/netfiles.js';
import { joinHostPort } from '../../netfiles/inet-address.js';
import { descriptorCounts, formatCount } from '../../common/format/index.js';
import { formatBytes, plural } from '../../netfiles/units.js';

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function owners(holders: readonly Holder[], status: Connection['ownerStatus']): string {
  if (holders.length > 0) return holders.map((h) => `${h.pid}/${h.name}`).join(',');
  return status === 'unreadable' ? '(cannot inspect)' : '-';
}

const users = (holders: readonly Holder[]): string => [...new Set(holders.map((h) => h.user))].join(',') || '-';

function endpoint(address: string, port: number | null): string {
  if (port === null) return address || '-';
  return joinHostPort(address, port);
}

function tail(findings: readonly Finding[], unreadable: Unreadable | null): string {
  const lines: string[] = [];
  if (findings.length > 0) lines.push('', 'Findings:', ...findings.map((f) => `  ${f.severity === 'critical' ? '!!' : '!'} ${f.sentence}`));
  if (unreadable?.sentence) lines.push('', unreadable.sentence);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Rows shown by default: enough to see the pattern, few enough to read; --all shows every one. */
export const DEFAULT_ROWS = 50;
const SUMMARY_PROCESSES = 15;

// Sockets most worth a look first; TIME_WAIT (closed, waiting out the timer) last.
const STATE_ORDER = ['CLOSE_WAIT', 'SYN_SENT', 'SYN_RECV', 'LAST_ACK', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'ESTABLISHED', 'LISTEN', 'UNCONN'];
const stateRank = (state: string): number => {
  const i = STATE_ORDER.indexOf(state);
  return i < 0 ? (state === 'TIME_WAIT' ? STATE_ORDER.length + 1 : STATE_ORDER.length) : i;
};

const stateList = (counts: ReadonlyMap<string, number> | Readonly<Record<string, number>>): string =>
  [...(counts instanceof Map ? counts : Object.entries(counts))]
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${state} ${formatCount(n)}`)
    .join(', ');

/** Per process (or "no owner"): how many sockets in which states, busiest first. */
function processSummary(connections: readonly Connection[]): string[] {
  const groups = new Map<string, { label: string; user: string; total: number; states: Map<string, number> }>();
  for (const c of connections) {
    const owner = c.owners[0];
    const key = owner ? `${owner.pid}` : `-${c.ownerStatus}`;
    const label = owner ? `${owner.pid}/${owner.name}` : c.ownerStatus === 'unreadable' ? '(cannot inspect)' : '(no owner found)';
    const g = groups.get(key) ?? { label, user: owner?.user ?? '-', total: 0, states: new Map<string, number>() };
    g.total++;
    g.states.set(c.state, (g.states.get(c.state) ?? 0) + 1);
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) => b.total - a.total);
  const rows = sorted.slice(0, SUMMARY_PROCESSES).map((g) => [formatCount(g.total), g.user, g.label, stateList(g.states)]);
  const lines = [table(['SOCKETS', 'USER', 'PID/PROGRAM', 'STATES'], rows)];
  if (sorted.length > SUMMARY_PROCESSES) lines.push(`… and ${plural(sorted.length - SUMMARY_PROCESSES, 'more process', 'more processes')}.`);
  return lines;
}

/**
 * `triage net`: the summary by process and state first (what a person needs on a machine with 24,000
 * sockets), then the rows, most interesting states first, at most `limit` of them unless `all`.
 */
export function formatConnections(result: ConnectionsResult, options: { all?: boolean; limit?: number } = {}): string {
  const limit = options.all ? Infinity : (options.limit ?? DEFAULT_ROWS);
  const ordered = [...result.connections].sort((a, b) => stateRank(a.state) - stateRank(b.state));
  const shown = ordered.slice(0, limit);
  const rows = shown.map((c) => [
    c.protocol + (c.family === 'ipv6' ? '6' : ''),
    c.state,
    endpoint(c.localAddress, c.localPort),
    c.protocol === 'unix' ? '' : endpoint(c.remoteAddress, c.remotePort),
    String(c.receiveQueue),
    String(c.sendQueue),
    users(c.owners),
    owners(c.owners, c.ownerStatus),
  ]);
  const total = result.connections.length;
  const allStates = stateList(result.totals);
  if (total === 0) return `No sockets match.\nAll sockets by state: ${allStates || 'none'}.\n${tail([], result.unreadable)}`;
  const hidden = total - shown.length;
  const out = [
    `${plural(total, 'socket')} match: ${stateList(countStates(result.connections))}.`,
    `All sockets by state: ${allStates || 'none'}.`,
    '',
    ...processSummary(result.connections),
    '',
    table(['PROTO', 'STATE', 'LOCAL', 'REMOTE', 'RECV-Q', 'SEND-Q', 'USER', 'PID/PROGRAM'], rows),
    '',
    hidden > 0
      ? `${formatCount(shown.length)} of ${plural(total, 'socket')} shown; ${formatCount(hidden)} hidden (--all shows every row).`
      : `${plural(total, 'socket')} shown.`,
  ];
  return `${out.join('\n')}\n${tail([], result.unreadable)}`;
}

function countStates(connections: readonly Connection[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of connections) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  return counts;
}

export function formatListening(result: ListeningResult): string {
  const rows = result.ports.map((p) => [
    p.protocol + (p.family === 'ipv6' ? '6' : ''),
    endpoint(p.address, p.port),
    p.scopeWords,
    users(p.owners),
    owners(p.owners, p.ownerStatus),
  ]);
  const body = rows.length ? table(['PROTO', 'ADDRESS', 'REACHABLE FROM', 'USER', 'PID/PROGRAM'], rows) : 'Nothing is listening.';
  return `${body}\n${tail([], result.unreadable)}`;
}

export function formatOpenFiles(result: OpenFilesResult): string {
  const rows = result.files.map((f) => [
    String(f.fd),
    f.type,
    f.mode ?? '?',
    f.position === null ? '' : String(f.position),
    f.deleted ? `${f.path ?? f.target} (deleted)` : (f.path ?? f.target),
  ]);
  const who = `${result.name} (pid ${result.pid}, ${result.user})`;
  const u = result.unreadable;
  // "Could not read" is never "none": without the list, say why instead of printing an empty table.
  if (u && (u.descriptors === null || u.reason === 'kernel-thread')) {
    return `${who}: ${u.descriptors === null ? 'could not read its open descriptors. ' : ''}${u.sentence}\n`;
  }
  if (u && result.files.length === 0) return `${who}: ${plural(u.descriptors ?? 0, 'open descriptor')}, none of which Triage may read. ${u.sentence}\n`;
  const counts = descriptorCounts(result.countsByType).join(', ');
  const head = `${who}: ${plural(result.files.length, 'open descriptor')}${counts ? ` (${counts})` : ''}.`;
  const missing = u ? `\n${plural(u.descriptors ?? 0, 'more descriptor')} could not be read: ${u.sentence}` : '';
  const body = rows.length ? `\n\n${table(['FD', 'TYPE', 'MODE', 'POS', 'TARGET'], rows)}` : '';
  return `${head}${missing}${body}\n`;
}

export function formatDeleted(result: DeletedFilesResult): string {
  if (result.files.length === 0) return `${result.summary}\n${tail(result.findings, result.unreadable)}`;
  const rows = result.files.map((f) => [
    formatBytes(f.allocatedBytes),
    formatBytes(f.sizeBytes),
    f.filesystem?.mountPoint ?? '?',
    f.holders.map((h) => `${h.pid}/${h.name}`).join(','),
    f.path,
  ]);
  const gains = result.byProcess.map((g) => `  ${g.sentence}`);
  return [
    table(['ON DISK', 'SIZE', 'FILESYSTEM', 'HELD BY', 'PATH (deleted)'], rows),
    '',
    result.summary,
    ...(gains.length ? ['', 'Space you get back by restarting:', ...gains] : []),
    '',
  ].join('\n') + tail(result.findings, result.unreadable);
}

const pct = (n: number | null): string => (n === null ? '-' : `${Math.round(n)}%`);

export function formatFilesystems(filesystems: readonly Filesystem[]): string {
  const rows = filesystems.map((f) => [
    f.mountPoint,
    f.fsType,
    formatBytes(f.sizeBytes),
    formatBytes(f.usedBytes),
    formatBytes(f.availableBytes),
    pct(f.usedPercent),
    pct(f.inodesPercent),
    f.deletedOpenBytes > 0 ? formatBytes(f.deletedOpenBytes) : '-',
  ]);
  return table(['MOUNTED ON', 'TYPE', 'SIZE', 'USED', 'FREE', 'USE', 'INODES', 'DELETED-OPEN'], rows);
}

const perSec = (n: number): string => `${formatBytes(n)}/s`;

export function formatIo(result: DiskIoResult, top = 20): string {
  const rows = result.processes.slice(0, top).map((p) => [
    String(p.pid),
    p.name,
    p.user,
    perSec(p.readBytesPerSec),
    perSec(p.writeBytesPerSec),
    perSec(p.readCharsPerSec),
    perSec(p.writeCharsPerSec),
  ]);
  const body = rows.length
    ? table(['PID', 'NAME', 'USER', 'DISK READ', 'DISK WRITE', 'ALL READS', 'ALL WRITES'], rows)
    : 'No process read or wrote anything in the interval.';
  return `${body}\n\nOver ${(result.intervalMs / 1000).toFixed(1)} s. DISK: what reached storage (as iotop); ALL: every read/write call, cache, pipes and sockets included.\n${tail([], result.unreadable)}`;
}
