import { closeSync, constants, openSync } from 'node:fs';
import { readPidStat } from '../procfs/pid-files.js';

/*
 * Why the terminal's other end is held open while the program lives.
 *
 * Many programs close their standard streams just before they exit (coreutils' `cat` does, in its atexit
 * handler). The pty's master then reads EIO, and node-pty closes the master at once; closing a terminal's
 * master hangs it up, and the kernel sends SIGHUP to the program, which is still between its last close and
 * its exit. About 1 run in 100 (more on a loaded machine) the SIGHUP wins: a `cat` that ended normally on ^D
 * was reported as killed by SIGHUP ("its terminal went away"), a wrong verdict in the terminal and the trace.
 *
 * Holding one descriptor of the terminal itself (opened without making it anyone's controlling terminal)
 * keeps the master from reading EIO while the program is alive. Once the program is dead (SIGCHLD, then its
 * /proc entry gone or a zombie) the hold is released: the master drains what is left, reads EIO, and node-pty
 * reports the exit the kernel recorded. If SIGCHLD never came, node-pty still reports the exit (it closes the
 * master 200 ms after reaping the program) and the hold is released then. Without /proc (macOS) a program
 * cannot be told alive, so the hold ends at once and the early hang-up stays possible there.
 */

const held = new Map<number, () => void>();
const PROC = '/proc';

function isGone(pid: number): boolean {
  const stat = readPidStat(PROC, pid);
  return stat === null || stat.state === 'Z' || stat.state === 'X';
}

function onChildExit(): void {
  for (const [pid, release] of held) if (isGone(pid)) release();
}

function watch(pid: number, release: () => void): void {
  if (held.size === 0) process.on('SIGCHLD', onChildExit);
  held.set(pid, release);
}

function unwatch(pid: number): void {
  if (!held.delete(pid)) return;
  if (held.size === 0) process.off('SIGCHLD', onChildExit);
}

/**
 * Opens the terminal `ttyPath` (the program's side of the pty) and keeps it open until the program `pid` has
 * died or the returned release is called. Returns a no-op where there is no such terminal (Windows' ConPTY)
 * or it cannot be opened (the program then runs as before, with the rare early hang-up).
 */
export function holdTerminal(pid: number, ttyPath: string | undefined): () => void {
  if (process.platform === 'win32' || !ttyPath || !(pid > 1)) return () => {};
  let fd: number;
  try {
    // O_NOCTTY: never become this process's controlling terminal. Node opens with O_CLOEXEC, so no child inherits it.
    fd = openSync(ttyPath, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    return () => {};
  }
  let open = true;
  const release = (): void => {
    if (!open) return;
    open = false;
    unwatch(pid);
    closeSync(fd);
  };
  watch(pid, release);
  // The program may have died before the watch began (its SIGCHLD already handled).
  if (isGone(pid)) release();
  return release;
}
