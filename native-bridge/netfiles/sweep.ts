import { socketInodeOf } from './parse-fd-target.js';
import { walkDescriptors } from './proc-walk.js';

export interface FdRef {
  pid: number;
  fd: number;
}

export interface DeletedRef extends FdRef {
  /** The link text without " (deleted)". */
  path: string;
}

export interface MachineSweep {
  /** Socket inode → every descriptor that holds it. */
  socketOwners: Map<number, FdRef[]>;
  deleted: DeletedRef[];
  denied: number[];
  descriptors: number;
}

const DELETED = ' (deleted)';

/**
 * One pass over every descriptor of the machine that serves both the connections view (who holds which
 * socket inode) and the deleted-files view, so asking for both costs one walk.
 */
export function sweepMachine(
  procRoot: string,
  options: { socketInodes?: ReadonlySet<number>; sockets?: boolean; deleted?: boolean; pids?: readonly number[] },
): MachineSweep {
  const socketOwners = new Map<number, FdRef[]>();
  const deleted: DeletedRef[] = [];
  const wantSockets = options.sockets ?? true;
  const inodes = options.socketInodes;
  const wantDeleted = options.deleted ?? false;
  const walk = walkDescriptors(
    procRoot,
    (pid, fd, target) => {
      const inode = wantSockets ? socketInodeOf(target) : -1;
      if (inode >= 0) {
        if (inodes && !inodes.has(inode)) return;
        const refs = socketOwners.get(inode);
        if (refs) refs.push({ pid, fd: Number(fd) });
        else socketOwners.set(inode, [{ pid, fd: Number(fd) }]);
        return;
      }
      // memfd files never had a name on a disk: they are memory, not the disk puzzle this view solves.
      if (wantDeleted && target.endsWith(DELETED) && target.charCodeAt(0) === 47 && !target.startsWith('/memfd:')) {
        deleted.push({ pid, fd: Number(fd), path: target.slice(0, -DELETED.length) });
      }
    },
    options.pids,
  );
  return { socketOwners, deleted, denied: walk.denied, descriptors: walk.descriptors };
}
