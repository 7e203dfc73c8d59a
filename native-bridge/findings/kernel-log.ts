import type { KmsgRecord } from '../shared/kmsg.js';

/** A kernel-log line the rules care about, dated in wall-clock time. */
export interface KernelEvent {
  kind: 'oom-kill' | 'segfault';
  /** ms since the epoch. */
  time: number;
  pid: number;
  name: string;
  /** The kernel's own line, for the evidence. */
  text: string;
}

const OOM = /Killed process (\d+) \(([^)]*)\)/;
const CRASH = /^(?:traps: )?(.{1,64}?)\[(\d+)\]:? (?:segfault at|general protection fault|trap )/;

/**
 * The event a record describes, if any. Only facility 0 (the kernel) counts: a program writing to
 * /dev/kmsg gets facility "user" whatever it claims, so it cannot plant a fake crash or OOM kill.
 */
export function kernelEvent(record: KmsgRecord, bootTimeMs: number): KernelEvent | null {
  if (record.facility !== 0) return null;
  const time = bootTimeMs + record.usec / 1000;
  const oom = OOM.exec(record.message);
  if (oom) return { kind: 'oom-kill', time, pid: Number(oom[1]), name: oom[2] ?? '', text: record.message };
  const crash = CRASH.exec(record.message);
  if (crash) return { kind: 'segfault', time, pid: Number(crash[2]), name: crash[1] ?? '', text: record.message };
  return null;
}
