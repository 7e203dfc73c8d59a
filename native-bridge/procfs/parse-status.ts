/** The /proc/PID/status lines the table and detail panel use. */
export interface StatusFields {
  name: string | null;
  /** Real, effective, saved, filesystem. */
  uids: [number, number, number, number] | null;
  gids: [number, number, number, number] | null;
  /** Bytes; null for kernel threads, which have no VmSwap line. */
  swap: number | null;
  threads: number | null;
  /** The pid of the process tracing this one (strace, gdb); 0 when none. */
  tracerPid: number;
}

function ids(value: string): [number, number, number, number] | null {
  const n = value.trim().split(/\s+/).map(Number);
  if (n.length < 4 || n.some((x) => !Number.isInteger(x))) return null;
  return [n[0]!, n[1]!, n[2]!, n[3]!];
}

export function parseStatus(text: string): StatusFields {
  const out: StatusFields = { name: null, uids: null, gids: null, swap: null, threads: null, tracerPid: 0 };
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    switch (key) {
      case 'Name':
        out.name = value.trim();
        break;
      case 'Uid':
        out.uids = ids(value);
        break;
      case 'Gid':
        out.gids = ids(value);
        break;
      case 'VmSwap': {
        const kb = Number.parseInt(value.trim(), 10);
        if (Number.isFinite(kb)) out.swap = kb * 1024;
        break;
      }
      case 'TracerPid': {
        const n = Number.parseInt(value.trim(), 10);
        if (Number.isFinite(n)) out.tracerPid = n;
        break;
      }
      case 'Threads': {
        const n = Number.parseInt(value.trim(), 10);
        if (Number.isFinite(n)) out.threads = n;
        break;
      }
    }
  }
  return out;
}
