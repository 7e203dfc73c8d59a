import type { Connection, ConnectionsResult, DeletedFilesResult, DiskIoResult, Filesystem, Finding, Holder, ListeningResult, OpenFilesResult, Unreadable } from '../contract/netfiles.js';
import { joinHostPort } from './inet-address.js';
import { formatBytes } from './units.js';

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

export function formatConnections(result: ConnectionsResult, findings: readonly Finding[] = []): string {
  const rows = result.connections.map((c) => [
    c.protocol + (c.family === 'ipv6' ? '6' : ''),
    c.state,
    endpoint(c.localAddress, c.localPort),
    c.protocol === 'unix' ? '' : endpoint(c.remoteAddress, c.remotePort),
    String(c.receiveQueue),
    String(c.sendQueue),
    users(c.owners),
    owners(c.owners, c.ownerStatus),
  ]);
  const totals = Object.entries(result.totals)
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  const body = rows.length ? table(['PROTO', 'STATE', 'LOCAL', 'REMOTE', 'RECV-Q', 'SEND-Q', 'USER', 'PID/PROGRAM'], rows) : 'No sockets match.';
  return `${body}\n\n${result.connections.length} shown. All sockets by state: ${totals || 'none'}.\n${tail(findings, result.unreadable)}`;
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
  const counts = Object.entries(result.countsByType)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  return `${result.name} (pid ${result.pid}, ${result.user}): ${result.files.length} open descriptors (${counts || 'none'}).\n\n${table(['FD', 'TYPE', 'MODE', 'POS', 'TARGET'], rows)}\n`;
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
