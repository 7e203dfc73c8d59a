import { readProcText } from '../procfs/read.js';

/**
 * The kernel's own count of TCP TIME_WAIT sockets in this network namespace: the `tw` of /proc/net/sockstat
 * (timewait sockets of both families; per namespace since Linux 4.13, older than any kernel Node 20 runs on).
 * It counts every timewait socket, those still in FIN_WAIT2 among them. null when the file or the field is
 * missing: "could not count" is not zero.
 */
export function readTimewaitCount(procRoot: string): number | null {
  const read = readProcText(`${procRoot}/net/sockstat`, 'latin1');
  if (!read.ok) return null;
  const match = /^TCP:.*\btw (\d+)/m.exec(read.text);
  return match ? Number(match[1]) : null;
}
