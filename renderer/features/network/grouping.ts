import { SOCKET_STATES, type Connection, type SocketState } from '../../../native-bridge/contract/index.js';
import { holderText } from './endpoints.js';

export type GroupBy = 'process' | 'state' | 'none';

export interface ConnectionGroup {
  /** Stable across refreshes: "p:PID:START", "s:STATE", "kernel", "unreadable", "all". */
  key: string;
  label: string;
  connections: Connection[];
  byState: Partial<Record<SocketState, number>>;
}

export type ConnectionItem =
  | { kind: 'group'; key: string; group: ConnectionGroup; collapsed: boolean }
  | { kind: 'connection'; key: string; connection: Connection };

const stateRank = new Map<string, number>(SOCKET_STATES.map((s, i) => [s, i]));

export function byStateOrder(a: string, b: string): number {
  return (stateRank.get(a) ?? 99) - (stateRank.get(b) ?? 99);
}

export function connectionKey(c: Connection): string {
  return `${c.protocol}|${c.localAddress}|${c.localPort}|${c.remoteAddress}|${c.remotePort}|${c.inode}`;
}

function processGroupKey(c: Connection): { key: string; label: string } {
  const owner = c.owners[0];
  if (owner) return { key: `p:${owner.pid}:${owner.startTime}`, label: holderText(owner) };
  if (c.ownerStatus === 'unreadable') return { key: 'unreadable', label: 'Processes you cannot inspect' };
  return { key: 'kernel', label: 'No process (held by the kernel, e.g. TIME_WAIT)' };
}

/** Lower-case text filter over addresses, ports, states and owners. */
export function matchesText(c: Connection, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  const hay = [
    c.protocol,
    c.state,
    `${c.localAddress}:${c.localPort ?? ''}`,
    `${c.remoteAddress}:${c.remotePort ?? ''}`,
    // A finding names an IPv6 peer as "[::1]:80": its link's filter must find the socket too.
    ...(c.family === 'ipv6' ? [`[${c.localAddress}]:${c.localPort ?? ''}`, `[${c.remoteAddress}]:${c.remotePort ?? ''}`] : []),
    ...c.owners.flatMap((o) => [o.name, String(o.pid), o.user]),
  ]
    .join(' ')
    .toLowerCase();
  return hay.includes(needle);
}

/**
 * Groups connections by their first owner (a socket shared after fork is listed once, under the first
 * holder) or by state. Largest group first; ownerless groups go last so they never push a process down.
 */
export function groupConnections(connections: readonly Connection[], by: GroupBy): ConnectionGroup[] {
  const groups = new Map<string, ConnectionGroup>();
  for (const c of connections) {
    const { key, label } = by === 'process' ? processGroupKey(c) : by === 'state' ? { key: `s:${c.state}`, label: c.state } : { key: 'all', label: 'All sockets' };
    let group = groups.get(key);
    if (!group) {
      group = { key, label, connections: [], byState: {} };
      groups.set(key, group);
    }
    group.connections.push(c);
    group.byState[c.state] = (group.byState[c.state] ?? 0) + 1;
  }
  const special = (g: ConnectionGroup): number => (g.key === 'kernel' || g.key === 'unreadable' ? 1 : 0);
  const sorted = [...groups.values()].sort((a, b) => special(a) - special(b) || b.connections.length - a.connections.length || a.label.localeCompare(b.label));
  for (const g of sorted) g.connections.sort((a, b) => byStateOrder(a.state, b.state) || (a.localPort ?? 0) - (b.localPort ?? 0));
  return sorted;
}

/** The rows a virtual list draws: a header per group, then its connections unless collapsed. */
export function flattenGroups(groups: readonly ConnectionGroup[], collapsed: ReadonlySet<string>, showHeaders: boolean): ConnectionItem[] {
  const items: ConnectionItem[] = [];
  for (const group of groups) {
    const isCollapsed = collapsed.has(group.key);
    if (showHeaders) items.push({ kind: 'group', key: `g|${group.key}`, group, collapsed: isCollapsed });
    if (showHeaders && isCollapsed) continue;
    for (const c of group.connections) items.push({ kind: 'connection', key: `${group.key}|${connectionKey(c)}`, connection: c });
  }
  return items;
}

/** "3 ESTABLISHED · 2 CLOSE_WAIT" in kernel state order. */
export function stateSummary(byState: Partial<Record<string, number>>): string {
  return Object.entries(byState)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => byStateOrder(a, b))
    .map(([state, n]) => `${n} ${state}`)
    .join(' · ');
}
