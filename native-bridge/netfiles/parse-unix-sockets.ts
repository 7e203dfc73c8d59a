import type { SocketState } from '../contract/netfiles.js';
import { unixStateName } from './socket-states.js';

export interface UnixSocket {
  /** stream, dgram or seqpacket. */
  type: string;
  state: SocketState;
  /** The socket accepts connections (__SO_ACCEPTCON in Flags). */
  listening: boolean;
  inode: number;
  /** '' unnamed, '@name' abstract, else a filesystem path (may hold spaces). */
  path: string;
}

const TYPES: Record<number, string> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };
const ACCEPTCON = 0x10000;

/** /proc/net/unix: `Num RefCount Protocol Flags Type St Inode [Path]`, hex except Inode. */
export function parseUnixSockets(text: string): UnixSocket[] {
  const out: UnixSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const inode = Number(f[6]);
    if (!Number.isInteger(inode)) continue;
    // The path is everything after the seventh field, spaces included.
    const m = /^\s*(?:\S+\s+){7}(.*)$/.exec(line);
    const type = Number.parseInt(f[4]!, 16);
    const listening = (Number.parseInt(f[3]!, 16) & ACCEPTCON) !== 0;
    out.push({
      type: TYPES[type] ?? `type ${type}`,
      state: listening ? 'LISTEN' : unixStateName(Number.parseInt(f[5]!, 16)),
      listening,
      inode,
      path: m ? m[1]! : '',
    });
  }
  return out;
}
