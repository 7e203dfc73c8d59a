import { TriageError } from '../contract/errors.js';
import { borrowProcBytes, readProcText } from '../procfs/read.js';
import { parseInetSocketBytes, type InetSocket, type InetTable } from './parse-inet-sockets.js';
import { parseUnixSockets, type UnixSocket } from './parse-unix-sockets.js';

const TABLES: readonly InetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/**
 * The socket tables of Triage's own network namespace (/proc/net is /proc/self/net). A table that does not
 * exist (IPv6 disabled) is an empty one; all four missing means this is not a Linux /proc.
 */
export function readInetSockets(procRoot: string): InetSocket[] {
  const out: InetSocket[] = [];
  let found = 0;
  for (const table of TABLES) {
    // Parsed from the bytes: no 600 KB string each second on a busy machine.
    const read = borrowProcBytes(`${procRoot}/net/${table}`);
    if (!read.ok) continue;
    found++;
    for (const socket of parseInetSocketBytes(read.bytes, read.bytes.length, table)) out.push(socket);
  }
  if (found === 0) throw new TriageError('UNSUPPORTED', 'This system has no /proc/net socket tables, so Triage cannot list connections here.');
  return out;
}

export function readUnixSockets(procRoot: string): UnixSocket[] {
  const read = readProcText(`${procRoot}/net/unix`);
  return read.ok ? parseUnixSockets(read.text) : [];
}
