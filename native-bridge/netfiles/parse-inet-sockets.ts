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

// Hex digit values by byte (-1: not a hex digit).
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;

/** Hex digits of bytes[from, to) as a number; NaN if any is not hex. */
function hexValue(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = HEX[bytes[i]!]!;
    if (d < 0) return Number.NaN;
    value = value * 16 + d;
  }
  return value;
}

function decValue(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

const latin1 = (bytes: Uint8Array, from: number, to: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');

// The same few addresses repeat on every line (127.0.0.1, the host's own): decode each once. IPv4 words are
// looked up by their numeric value, so the hot path makes no string per line.
const v4Cache = [new Map<number, string | null>(), new Map<number, string | null>()];
const v6Cache = new Map<string, string | null>();

function v4Address(bytes: Uint8Array, from: number, littleEndian: boolean): string | null {
  const word = hexValue(bytes, from, from + 8);
  if (Number.isNaN(word)) return null;
  const cache = v4Cache[littleEndian ? 0 : 1]!;
  let address = cache.get(word);
  if (address === undefined) {
    if (cache.size > 4096) cache.clear();
    address = decodeHexAddress(latin1(bytes, from, from + 8), littleEndian);
    cache.set(word, address);
  }
  return address;
}

function v6Address(bytes: Uint8Array, from: number, littleEndian: boolean): string | null {
  const hex = latin1(bytes, from, from + 32);
  const key = littleEndian ? hex : `be${hex}`;
  let address = v6Cache.get(key);
  if (address === undefined) {
    if (v6Cache.size > 4096) v6Cache.clear();
    address = decodeHexAddress(hex, littleEndian);
    v6Cache.set(key, address);
  }
  return address;
}

const starts: number[] = [];
const ends: number[] = [];

/** Start/end of the first `max` space-separated fields of bytes[from, to). */
function fields(bytes: Uint8Array, from: number, to: number, max: number): number {
  let n = 0;
  let i = from;
  while (n < max) {
    while (i < to && bytes[i] === 32) i++;
    if (i >= to) break;
    starts[n] = i;
    while (i < to && bytes[i] !== 32) i++;
    ends[n++] = i;
  }
  return n;
}

// Lengths of fields 1-6 (local, remote, st, tx:rx, tr:when, retrnsmt), each followed by one space.
const V4_WIDTHS = [13, 13, 2, 17, 11, 8];
const V6_WIDTHS = [37, 37, 2, 17, 11, 8];

/**
 * The kernel prints every line with the same widths up to `retrnsmt` (`%08X:%04X %08X:%04X %02X %08X:%08X
 * %02X:%08lX %08X`, addresses 32 digits wide in tcp6/udp6): field bounds from those widths, checked at every
 * separator, then uid, timeout and inode scanned. 0 when the line has another shape (the caller scans it all).
 */
function fixedFields(bytes: Uint8Array, from: number, to: number): number {
  let slColon = from;
  while (slColon < to && bytes[slColon] !== 58) slColon++;
  if (slColon >= to || bytes[slColon + 1] !== 32) return 0;
  const p = slColon + 2;
  const width = bytes[p + 8] === 58 ? 8 : bytes[p + 32] === 58 ? 32 : 0;
  if (width === 0) return 0;
  let at = p;
  const lengths = width === 8 ? V4_WIDTHS : V6_WIDTHS;
  for (let f = 0; f < 6; f++) {
    const end = at + lengths[f]!;
    if (end >= to || bytes[end] !== 32) return 0;
    starts[f + 1] = at;
    ends[f + 1] = end;
    at = end + 1;
  }
  starts[0] = from;
  ends[0] = slColon + 1;
  // uid (%5u), timeout (%8d) and inode (%lu): space-padded, widths not fixed.
  let n = 7;
  let i = at;
  while (n < 10) {
    while (i < to && bytes[i] === 32) i++;
    if (i >= to) return 0;
    starts[n] = i;
    while (i < to && bytes[i] !== 32) i++;
    ends[n++] = i;
  }
  return 10;
}

/** Index of the ':' between address and port when the address is 8 (IPv4) or 32 (IPv6) hex digits; else -1. */
function addressEnd(bytes: Uint8Array, from: number, to: number): number {
  const colon = from + 8 < to && bytes[from + 8] === 58 ? from + 8 : from + 32 < to && bytes[from + 32] === 58 ? from + 32 : -1;
  return colon;
}

function indexOfByte(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
}

/** TCP_TIME_WAIT in the `st` column. */
const TIME_WAIT_CODE = 6;

/**
 * Where `st` begins on a line of the kernel's usual shape (`%4d: ` then two addresses of 8 or 32 hex digits
 * with a port, one space apart), judged from the bytes at fixed places only; -1 for any other shape.
 */
function stateColumn(bytes: Uint8Array, line: number, end: number): number {
  let colon = line;
  const stop = Math.min(end, line + 12);
  while (colon < stop && bytes[colon] !== 58) colon++;
  if (bytes[colon] !== 58 || bytes[colon + 1] !== 32) return -1;
  const p = colon + 2;
  // Two addresses with ports: (8 + 1 + 4 + 1) × 2 for IPv4, (32 + 1 + 4 + 1) × 2 for IPv6.
  const st = bytes[p + 8] === 58 ? p + 28 : bytes[p + 32] === 58 ? p + 76 : -1;
  return st !== -1 && st + 2 < end && bytes[st - 1] === 32 && bytes[st + 2] === 32 ? st : -1;
}

/**
 * Parses lines into `out`. With `timeWait` (TCP tables), a TIME_WAIT line is only counted: its state is read
 * at its fixed column and the rest of the line is never looked at (such a socket belongs to no process, and
 * a load test leaves tens of thousands of them). Returns the number counted that way.
 */
function parseInto(bytes: Uint8Array, length: number, table: InetTable, littleEndian: boolean, out: InetSocket[], countTimeWait: boolean): number {
  const protocol = table.startsWith('tcp') ? 'tcp' : 'udp';
  const family = table.endsWith('6') ? 'ipv6' : 'ipv4';
  const stateName = protocol === 'tcp' ? tcpStateName : udpStateName;
  let timeWait = 0;
  let pos = bytes.indexOf(10) + 1;
  if (pos === 0 || pos > length) return 0;
  while (pos < length) {
    // TypedArray indexOf: a native search, not a loop here (150 bytes a line, 25,000 lines a second).
    let end = bytes.indexOf(10, pos);
    if (end === -1 || end > length) end = length;
    const line = pos;
    pos = end + 1;
    if (countTimeWait) {
      const st = stateColumn(bytes, line, end);
      if (st !== -1 && bytes[st] === 48 && bytes[st + 1] === 54) {
        timeWait++;
        continue;
      }
    }
    if (fixedFields(bytes, line, end) < 10 && fields(bytes, line, end, 10) < 10) continue;
    const localColon = addressEnd(bytes, starts[1]!, ends[1]!);
    const remoteColon = addressEnd(bytes, starts[2]!, ends[2]!);
    const queueColon = indexOfByte(bytes, 58, starts[4]!, ends[4]!);
    if (localColon < 0 || remoteColon < 0 || queueColon === -1) continue;
    const state = hexValue(bytes, starts[3]!, ends[3]!);
    // A line of another shape that is TIME_WAIT all the same: counted, not listed, like the rest.
    if (countTimeWait && state === TIME_WAIT_CODE) {
      timeWait++;
      continue;
    }
    const localAddress = localColon - starts[1]! === 8 ? v4Address(bytes, starts[1]!, littleEndian) : v6Address(bytes, starts[1]!, littleEndian);
    const remoteAddress = remoteColon - starts[2]! === 8 ? v4Address(bytes, starts[2]!, littleEndian) : v6Address(bytes, starts[2]!, littleEndian);
    const localPort = hexValue(bytes, localColon + 1, ends[1]!);
    const remotePort = hexValue(bytes, remoteColon + 1, ends[2]!);
    const txQueue = hexValue(bytes, starts[4]!, queueColon);
    const rxQueue = hexValue(bytes, queueColon + 1, ends[4]!);
    const uid = decValue(bytes, starts[7]!, ends[7]!);
    const inode = decValue(bytes, starts[9]!, ends[9]!);
    if (localAddress === null || remoteAddress === null || Number.isNaN(localPort + remotePort + state + txQueue + rxQueue + uid + inode)) continue;
    out.push({
      protocol,
      family,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state: stateName(state),
      txQueue,
      rxQueue,
      uid,
      inode,
    });
  }
  return timeWait;
}

/**
 * `sl local rem st tx:rx tr:when retrnsmt uid timeout inode …` after one header line, read from the bytes
 * (2,000 sockets every second at 1 Hz: no string per line). Lines without this shape are skipped, never guessed at.
 */
export function parseInetSocketBytes(bytes: Uint8Array, length: number, table: InetTable, littleEndian = true): InetSocket[] {
  const out: InetSocket[] = [];
  parseInto(bytes, length, table, littleEndian, out, false);
  return out;
}

/**
 * The same into `out`, except that in a TCP table the TIME_WAIT lines are counted without being parsed
 * (the live view's reader when the kernel cannot filter for it); returns how many there were.
 */
export function parseOwnableInetSocketBytes(bytes: Uint8Array, length: number, table: InetTable, out: InetSocket[], littleEndian = true): number {
  return parseInto(bytes, length, table, littleEndian, out, table.startsWith('tcp'));
}

/**
 * How many TIME_WAIT lines name each remote end, keyed by the remote field as the kernel printed it
 * (`0100007F:1F90`): for the one sentence that says which peer most of them are with.
 */
export function countTimeWaitRemotes(bytes: Uint8Array, length: number, counts: Map<string, number>): void {
  let pos = bytes.indexOf(10) + 1;
  if (pos === 0 || pos > length) return;
  while (pos < length) {
    let end = bytes.indexOf(10, pos);
    if (end === -1 || end > length) end = length;
    const st = stateColumn(bytes, pos, end);
    if (st !== -1 && bytes[st] === 48 && bytes[st + 1] === 54) {
      // The remote field ends one space before `st`; it is as wide as the local one (8 or 32 hex digits + port).
      const width = (st - 1 - (bytes.lastIndexOf(32, st - 2) + 1));
      const key = latin1(bytes, st - 1 - width, st - 1);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    pos = end + 1;
  }
}

/** `0100007F:1F90` (a remote field of /proc/net/tcp*) as `127.0.0.1:8080`; null when it is not one. */
export function decodeEndpoint(field: string, littleEndian = true): { address: string; port: number } | null {
  const colon = field.indexOf(':');
  const address = decodeHexAddress(field.slice(0, colon), littleEndian);
  const port = Number.parseInt(field.slice(colon + 1), 16);
  return colon === -1 || address === null || !/^[0-9A-Fa-f]{4}$/.test(field.slice(colon + 1)) ? null : { address, port };
}

/** The same from text (fixtures, tests): /proc/net tables are ASCII. */
export function parseInetSockets(text: string, table: InetTable, littleEndian = true): InetSocket[] {
  const bytes = Buffer.from(text, 'latin1');
  return parseInetSocketBytes(bytes, bytes.length, table, littleEndian);
}
