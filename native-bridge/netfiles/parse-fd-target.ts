import type { FileType } from '../contract/netfiles.js';

export interface FdTarget {
  type: FileType;
  path: string | null;
  deleted: boolean;
  inode: number | null;
}

const DELETED = ' (deleted)';

/**
 * What a /proc/PID/fd/N link names: `socket:[123]`, `pipe:[123]`, `anon_inode:[eventfd]`, `/memfd:x (deleted)`,
 * a path (with " (deleted)" once unlinked), or a namespace like `net:[4026531840]`. Directories and devices
 * need a stat to be sure; this guesses devices from /dev/ (the caller stats when it matters).
 */
export function parseFdTarget(link: string): FdTarget {
  const bracket = /^(socket|pipe):\[(\d+)\]$/.exec(link);
  if (bracket) return { type: bracket[1] === 'socket' ? 'socket' : 'pipe', path: null, deleted: false, inode: Number(bracket[2]) };
  if (link.startsWith('anon_inode:')) return { type: 'anon', path: null, deleted: false, inode: null };
  if (link.startsWith('/memfd:')) {
    return { type: 'memfd', path: stripDeleted(link), deleted: link.endsWith(DELETED), inode: null };
  }
  if (!link.startsWith('/')) return { type: 'other', path: null, deleted: false, inode: null };
  const deleted = link.endsWith(DELETED);
  const path = stripDeleted(link);
  const device = path.startsWith('/dev/') && !path.startsWith('/dev/shm/') && !path.startsWith('/dev/mqueue/');
  return { type: device ? 'device' : 'file', path, deleted, inode: null };
}

function stripDeleted(link: string): string {
  return link.endsWith(DELETED) ? link.slice(0, -DELETED.length) : link;
}

/** The inode of `socket:[N]` without building an object: the hot path of the connections sweep. */
export function socketInodeOf(link: string): number {
  // 's' 'o' 'c' 'k' 'e' 't' ':' '['
  if (link.charCodeAt(0) !== 115 || link.charCodeAt(7) !== 91 || !link.startsWith('socket:[')) return -1;
  let value = 0;
  for (let i = 8; i < link.length - 1; i++) {
    const c = link.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
