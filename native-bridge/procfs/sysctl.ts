import { readProcText } from './read.js';

/** A kernel setting under <procRoot>/sys (name like 'kernel/pid_max'), trimmed; null when absent or unreadable. */
export function readSysctl(procRoot: string, name: string): string | null {
  const read = readProcText(`${procRoot}/sys/${name}`);
  return read.ok ? read.text.trim() : null;
}

function readSysctlInteger(procRoot: string, name: string): number | null {
  const value = Number.parseInt(readSysctl(procRoot, name) ?? '', 10);
  return Number.isNaN(value) ? null : value;
}

/** kernel.yama.ptrace_scope, or null where the kernel has no Yama (then ptrace follows plain uid rules). */
export const readPtraceScope = (procRoot = '/proc'): number | null => readSysctlInteger(procRoot, 'kernel/yama/ptrace_scope');

/** The largest pid this system hands out (the kernel's own maximum when unreadable). */
export const readPidMax = (procRoot = '/proc'): number => readSysctlInteger(procRoot, 'kernel/pid_max') || 4_194_304;

/** Where core dumps go (kernel.core_pattern, kept as written) and kernel.core_uses_pid; null without core_pattern. */
export function readCoreSettings(procRoot = '/proc'): { pattern: string; usesPid: boolean } | null {
  const read = readProcText(`${procRoot}/sys/kernel/core_pattern`);
  if (!read.ok) return null;
  return { pattern: read.text.replace(/\n$/, ''), usesPid: readSysctl(procRoot, 'kernel/core_uses_pid') === '1' };
}
