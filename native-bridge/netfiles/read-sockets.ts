import { closeSync, openSync, readSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import { readProcText } from '../procfs/read.js';
import { parseInetSocketBytes, type InetSocket, type InetTable } from './parse-inet-sockets.js';
import { parseUnixSockets, type UnixSocket } from './parse-unix-sockets.js';

const TABLES: readonly InetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

let scratch = Buffer.allocUnsafe(256 * 1024);

/** A whole table into `scratch` (parsed from the bytes: no 600 KB string each second); -1 when it cannot be read. */
function readTable(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return -1;
  }
  try {
    let length = 0;
    for (;;) {
      if (scratch.length - length < 64 * 1024) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, length, scratch.length - length, null);
      if (n === 0) return length;
      length += n;
    }
  } catch {
    return -1;
  } finally {
    closeSync(fd);
  }
}

/**
 * The socket tables of Triage's own network namespace (/proc/net is /proc/self/net). A table that does not
 * exist (IPv6 disabled) is an empty one; all four missing means this is not a Linux /proc.
 */
export function readInetSockets(procRoot: string): InetSocket[] {
  const out: InetSocket[] = [];
  let found = 0;
  for (const table of TABLES) {
    const length = readTable(`${procRoot}/net/${table}`);
    if (length < 0) continue;
    found++;
    for (const socket of parseInetSocketBytes(scratch, length, table)) out.push(socket);
  }
  if (found === 0) throw new TriageError('UNSUPPORTED', 'This system has no /proc/net socket tables, so Triage cannot list connections here.');
  return out;
}

export function readUnixSockets(procRoot: string): UnixSocket[] {
  const read = readProcText(`${procRoot}/net/unix`);
  return read.ok ? parseUnixSockets(read.text) : [];
}
