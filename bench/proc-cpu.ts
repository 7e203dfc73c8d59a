import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** CPU seconds (user+system) a process has used, from /proc/PID/stat (fields 14 and 15). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
