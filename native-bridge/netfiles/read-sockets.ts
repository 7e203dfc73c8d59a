import { TriageError } from '../contract/errors.js';
import { readProcFile } from '../processes/read-proc-file.js';
import { parseInetSockets, type InetSocket, type InetTable } from './parse-inet-sockets.js';
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
    const text = readProcFile(`${procRoot}/net/${table}`);
    if (typeof text !== 'string') continue;
    found++;
    for (const socket of parseInetSockets(text, table)) out.push(socket);
  }
  if (found === 0) throw new TriageError('UNSUPPORTED', 'This system has no /proc/net socket tables, so Triage cannot list connections here.');
  return out;
}

export function readUnixSockets(procRoot: string): UnixSocket[] {
  const text = readProcFile(`${procRoot}/net/unix`);
  return typeof text === 'string' ? parseUnixSockets(text) : [];
}
