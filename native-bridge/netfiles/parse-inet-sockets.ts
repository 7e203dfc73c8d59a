import type { SocketState } from '../contract/netfiles.js';
import { decodeHexAddress } from './inet-address.js';
import { tcpStateName, udpStateName } from './socket-states.js';

export type InetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** One line of /proc/net/{tcp,tcp6,udp,udp6}. */
export interface InetSocket {
  protocol: 'tcp' | 'udp';
  family: 'ipv4' | 'ipv6';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: SocketState;
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
}

// The same few addresses repeat on every line (127.0.0.1, the host's own): decode each once.
const addressCache = new Map<string, string | null>();
function cachedAddress(hex: string, littleEndian: boolean): string | null {
  const key = littleEndian ? hex : `be${hex}`;
  let text = addressCache.get(key);
  if (text === undefined) {
    if (addressCache.size > 4096) addressCache.clear();
    text = decodeHexAddress(hex, littleEndian);
    addressCache.set(key, text);
  }
  return text;
}

/** Hex digits of text[from, to) as a number; NaN if any is not hex. */
function hexValue(text: string, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return Number.NaN;
    value = value * 16 + d;
  }
  return value;
}

function decValue(text: string, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

const starts: number[] = [];
const ends: number[] = [];

/** Start/end of the first `max` space-separated fields of text[from, to). */
function fields(text: string, from: number, to: number, max: number): number {
  let n = 0;
  let i = from;
  while (n < max) {
    while (i < to && text.charCodeAt(i) === 32) i++;
    if (i >= to) break;
    starts[n] = i;
    while (i < to && text.charCodeAt(i) !== 32) i++;
    ends[n++] = i;
  }
  return n;
}

/**
 * `sl local rem st tx:rx tr:when retrnsmt uid timeout inode …` after one header line, read with a char
 * scanner (2,000 sockets every second at 1 Hz). Lines without this shape are skipped, never guessed at.
 */
export function parseInetSockets(text: string, table: InetTable, littleEndian = true): InetSocket[] {
  const protocol = table.startsWith('tcp') ? 'tcp' : 'udp';
  const family = table.endsWith('6') ? 'ipv6' : 'ipv4';
  const stateName = protocol === 'tcp' ? tcpStateName : udpStateName;
  const out: InetSocket[] = [];
  let pos = text.indexOf('\n') + 1;
  if (pos === 0) return out;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = pos;
    pos = end + 1;
    if (fields(text, line, end, 10) < 10) continue;
    const local = endpoint(text, starts[1]!, ends[1]!, littleEndian);
    const remote = endpoint(text, starts[2]!, ends[2]!, littleEndian);
    const queueColon = text.indexOf(':', starts[4]!);
    if (!local || !remote || queueColon === -1 || queueColon >= ends[4]!) continue;
    const state = hexValue(text, starts[3]!, ends[3]!);
    const txQueue = hexValue(text, starts[4]!, queueColon);
    const rxQueue = hexValue(text, queueColon + 1, ends[4]!);
    const uid = decValue(text, starts[7]!, ends[7]!);
    const inode = decValue(text, starts[9]!, ends[9]!);
    if (Number.isNaN(state + txQueue + rxQueue + uid + inode)) continue;
    out.push({
      protocol,
      family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: stateName(state),
      txQueue,
      rxQueue,
      uid,
      inode,
    });
  }
  return out;
}

function endpoint(text: string, from: number, to: number, littleEndian: boolean): { address: string; port: number } | null {
  const colon = text.indexOf(':', from);
  if (colon === -1 || colon >= to) return null;
  const address = cachedAddress(text.slice(from, colon), littleEndian);
  const port = hexValue(text, colon + 1, to);
  if (address === null || Number.isNaN(port)) return null;
  return { address, port };
}
