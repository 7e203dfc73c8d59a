import type { ProcessRow } from '../contract/processes.js';

/** One refresh of the whole table. */
export interface ProcessTable {
  time: number;
  /** The interval CPU % and rates cover, ms; 0 for the first sample. */
  intervalMs: number;
  ncpu: number;
  totalMemoryBytes: number;
  source: 'procfs' | 'systeminformation';
  rows: ProcessRow[];
}

/** The same interface on every platform: the /proc reader on Linux, systeminformation elsewhere. */
export interface ProcessSampler {
  readonly source: 'procfs' | 'systeminformation';
  sample(): Promise<ProcessTable>;
  /** Re-read this process fully on the next sample (after Triage acted on it). */
  invalidate?(pid: number): void;
  /** Releases cached file descriptors. */
  close(): void;
}
