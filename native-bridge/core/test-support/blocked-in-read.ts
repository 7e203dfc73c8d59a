import { readFileSync } from 'node:fs';
import { until } from '../../../test-support/until.js';

/** The read(2) syscall number, as /proc/PID/syscall prints it. */
const READ_SYSCALL: Partial<Record<NodeJS.Architecture, number>> = { x64: 0, arm64: 63, ia32: 3, arm: 3, riscv64: 63 };

/**
 * Waits until `pid` sits in read(2) on descriptor `fd`. A program cannot print "ready" from inside a
 * blocking read, so a line printed just before it leaves a window where a backtrace would catch printf or
 * the loop instead; /proc/PID/syscall ("NR arg0 …" while blocked, "running" while not) closes it.
 */
export async function untilBlockedInRead(pid: number, fd = 0, timeoutMs = 30_000): Promise<void> {
  const nr = READ_SYSCALL[process.arch];
  if (nr === undefined) throw new Error(`no read(2) number known for ${process.arch}: add it to blocked-in-read.ts`);
  const inRead = (): boolean => {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/syscall`, 'latin1');
    } catch {
      return false; // not there yet, or gone: the deadline says which
    }
    const [number, arg0] = text.trim().split(' ');
    return Number(number) === nr && Number(arg0) === fd;
  };
  await until(inRead, `process ${pid} to block in read(${fd})`, timeoutMs);
}
