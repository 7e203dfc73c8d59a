import type { ChangeEvent } from '../contract/changes.js';
import type { KmsgRecord } from '../shared/kmsg.js';

/** Kernel messages worth a line in "what changed?", in the order they are tried. */
const NOTES: Array<[RegExp, string]> = [
  [/^Linux version /, 'kernel started'],
  [/Killed process \d+ \(|Out of memory/, 'out-of-memory kill'],
  [/segfault at |general protection fault|^traps: /, 'crash'],
  [/I\/O error|critical medium error|blk_update_request|EXT4-fs error|XFS .*error|Buffer I\/O/, 'I/O error'],
  [/temperature above threshold|clock throttled|critical temperature|thermal (shutdown|trip)/i, 'thermal'],
];
const TITLE_MAX = 160;

/**
 * The record as a timeline event, if it is one of note. Only facility 0 counts: anything a program
 * writes to /dev/kmsg gets facility 1 (user), so it cannot plant a fake OOM kill or I/O error.
 */
export function kernelChange(record: KmsgRecord, bootTimeMs: number): ChangeEvent | null {
  if (record.facility !== 0) return null;
  const note = NOTES.find(([pattern]) => pattern.test(record.message));
  if (!note) return null;
  const line = `${note[1]}: ${record.message}`;
  return {
    time: bootTimeMs + record.usec / 1000,
    kind: 'kernel',
    title: line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line,
    detail: record.message,
  };
}

/** Whether kernelChange would list this record, whatever the boot time. */
export function isKernelNote(record: KmsgRecord): boolean {
  return record.facility === 0 && NOTES.some(([pattern]) => pattern.test(record.message));
}
