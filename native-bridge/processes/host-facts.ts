import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readClockTicks } from '../procfs/auxv.js';
import { findTool } from './find-tool.js';

const confCache = new Map<string, number>();

/** `getconf NAME`, run once per process; the fallback when getconf is missing or says something odd. */
function getconf(name: string, fallback: number): number {
  const cached = confCache.get(name);
  if (cached !== undefined) return cached;
  let value = fallback;
  const tool = findTool('getconf');
  if (tool) {
    try {
      const out = Number(execFileSync(tool, [name], { encoding: 'utf8', timeout: 5000, env: { LC_ALL: 'C' } }).trim());
      if (Number.isInteger(out) && out > 0) value = out;
    } catch {
      // keep the fallback
    }
  }
  confCache.set(name, value);
  return value;
}

let ticks: number | null = null;

/**
 * USER_HZ: the unit of /proc/PID/stat times. 100 on every mainstream Linux build. Read from the auxiliary
 * vector (what sysconf reads) rather than by running getconf: a process start costs `triage ps` several ms.
 */
export function clockTicks(): number {
  ticks ??= readClockTicks() ?? getconf('CLK_TCK', 100);
  return ticks;
}


export function cpuCount(): number {
  return Math.max(1, cpus().length);
}

export function totalMemoryBytes(): number {
  return totalmem();
}
