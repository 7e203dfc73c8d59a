import type { ProcessRow } from '../contract/processes.js';
import type { SeenProcess } from './observation.js';

/** D (disk wait) is brief: a process counts as waiting if it was seen in D this recently. */
const DISK_WAIT_MEMORY_MS = 5_000;

const keyOf = (row: ProcessRow): string => `${row.pid}:${row.startTime}`;

/**
 * Remembers, across process tables, since when each process has been seen in a state the rules care
 * about: stopped (T) for "stopped for 5 minutes", disk wait (D) over the last few seconds.
 */
export class StateSightings {
  private readonly stopped = new Map<string, SeenProcess>();
  private readonly diskWait = new Map<string, SeenProcess & { lastSeenAt: number }>();

  update(rows: readonly ProcessRow[], now: number): void {
    const stoppedNow = new Set<string>();
    for (const row of rows) {
      const key = keyOf(row);
      if (row.state === 'T') {
        stoppedNow.add(key);
        const seen = this.stopped.get(key);
        this.stopped.set(key, { row, firstSeenAt: seen?.firstSeenAt ?? now });
      } else if (row.state === 'D') {
        const seen = this.diskWait.get(key);
        this.diskWait.set(key, { row, firstSeenAt: seen?.firstSeenAt ?? now, lastSeenAt: now });
      }
    }
    for (const key of this.stopped.keys()) if (!stoppedNow.has(key)) this.stopped.delete(key);
    for (const [key, seen] of this.diskWait) if (now - seen.lastSeenAt > DISK_WAIT_MEMORY_MS) this.diskWait.delete(key);
  }

  stoppedProcesses(): SeenProcess[] {
    return [...this.stopped.values()];
  }

  diskWaiting(): SeenProcess[] {
    return [...this.diskWait.values()].map(({ row, firstSeenAt }) => ({ row, firstSeenAt }));
  }
}
