import { readFileSync } from 'node:fs';
import { parseLimits } from './parse-limits.js';
import { parseMeminfo, type MemInfo } from './parse-meminfo.js';
import { parsePidStatBytes, type PidStat } from './parse-pid-stat.js';
import { readProcBytes, readProcText, type ProcReader } from './read.js';

export const DEFAULT_PROC_ROOT = '/proc';

export const procPath = (procRoot: string, pid: number | 'self', file: string): string => `${procRoot}/${pid}/${file}`;

/** /proc/PID/stat parsed; null when the process is gone, unreadable or the line is cut (it vanished mid-read). */
export function readPidStat(procRoot: string, pid: number): PidStat | null {
  const read = readProcBytes(procPath(procRoot, pid, 'stat'));
  return read.ok ? parsePidStatBytes(read.bytes) : null;
}

/** argv[0]'s base name, or '' for kernel threads, processes that hide their command line and those that are gone. */
export function readExeName(procRoot: string, pid: number, read: ProcReader = readProcText): string {
  const cmdline = read(procPath(procRoot, pid, 'cmdline'));
  if (!cmdline.ok) return '';
  const argv0 = cmdline.text.split('\0', 1)[0] ?? '';
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

/** /proc/meminfo parsed; null when unreadable or without MemTotal. */
export function readMemInfo(procRoot: string): MemInfo | null {
  const read = readProcText(`${procRoot}/meminfo`, 'latin1');
  if (!read.ok) return null;
  try {
    return parseMeminfo(read.text);
  } catch {
    return null;
  }
}

/** This process's soft open-files limit (Infinity when unlimited); null when /proc/self/limits cannot tell. */
export function openFilesSoftLimit(procRoot = DEFAULT_PROC_ROOT): number | null {
  const read = readProcText(`${procRoot}/self/limits`, 'latin1');
  const limits = read.ok ? parseLimits(read.text) : null;
  return limits ? (limits.openFilesSoft ?? Infinity) : null;
}

/** Boot time in ms since the epoch, from the `btime` line of /proc/stat. Throws when /proc has none. */
export function bootTimeMs(procRoot = DEFAULT_PROC_ROOT): number {
  const text = readFileSync(`${procRoot}/stat`, 'latin1');
  const m = text.match(/^btime (\d+)$/m);
  if (!m) throw new Error(`no btime line in ${procRoot}/stat`);
  return Number(m[1]) * 1000;
}
