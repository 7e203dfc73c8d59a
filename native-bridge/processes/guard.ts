import { readExe, readStatOf } from './read-target.js';

export type Protection = 'init' | 'self' | 'ancestor' | 'own-child';

/** Parent chain of a process, nearest first, ending before pid 0; stops at a loop or a vanished link. */
export function ancestorsOf(procRoot: string, pid: number, max = 256): number[] {
  const chain: number[] = [];
  let current = pid;
  while (chain.length < max) {
    const stat = readStatOf(procRoot, current);
    if (!stat || stat.ppid <= 0 || chain.includes(stat.ppid)) break;
    chain.push(stat.ppid);
    current = stat.ppid;
  }
  return chain;
}

/**
 * Why acting on this pid could take down the machine or Triage itself: pid 1, Triage's own process,
 * one of its parents (its terminal, session or launcher: ending it usually ends Triage), or one of
 * Triage's own helper processes (a descendant running Triage's executable, such as an Electron renderer).
 * Tools Triage started for the user (strace, gdb, a traced program) are not protected.
 */
export function protectionOf(procRoot: string, pid: number, selfPid: number): Protection | null {
  if (pid === 1) return 'init';
  if (pid === selfPid) return 'self';
  if (ancestorsOf(procRoot, selfPid).includes(pid)) return 'ancestor';
  if (ancestorsOf(procRoot, pid).includes(selfPid)) {
    const ownExe = readExe(procRoot, selfPid);
    if (ownExe !== null && readExe(procRoot, pid) === ownExe) return 'own-child';
  }
  return null;
}
