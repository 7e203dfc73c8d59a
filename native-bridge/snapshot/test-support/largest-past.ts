import { PAST_MAX_POINTS } from '../../contract/snapshot-history.js';
import { SNAPSHOT_VERSION, type Snapshot } from '../../contract/snapshot.js';
import { frameCount } from '../past-window.js';
import { largestRealisticSnapshot } from './largest.js';
import { syntheticRows } from './synthetic.js';

/** Keys a big machine stores per sample (32 cores, 8 disks, 6 interfaces, PSI…), rounded up generously. */
const SERIES_KEYS = 300;

/**
 * The largest snapshot of a recorded window: `processes` rows per frame with command lines of `cmdlineBytes`
 * (as many frames as frameCount allows), PAST_MAX_POINTS points of min/avg/max for 300 series, 40 top rows,
 * 2,000 events, and the largest snapshot's audit (10,000 entries), traces, cores and notes.
 */
export function largestPastSnapshot(processes: number, cmdlineBytes: number, now = Date.UTC(2026, 10, 26, 13, 0, 0)): { snapshot: Snapshot; frames: number } {
  const big = largestRealisticSnapshot(now);
  const from = now - 86_400_000;
  const rows = syntheticRows(processes, now).map((r) => ({ ...r, cmdline: r.cmdline.padEnd(cmdlineBytes, ' --flag=value').slice(0, cmdlineBytes) }));
  const frames = frameCount(rows.length, Buffer.byteLength(JSON.stringify(rows)));
  const times = Array.from({ length: PAST_MAX_POINTS }, (_, i) => from + i * 144_000);
  const values = times.map((_, i) => (i * 37) % 100 + 0.123);
  const topRow = { pid: 100, startTime: 1000, name: 'worker', user: 'alice', cmdline: rows[0]!.cmdline, cpuSeconds: 1234.5, cpuPercent: 12.3, rssAvgBytes: 1e9, rssMaxBytes: 2e9, ioReadBytes: 1e6, ioWriteBytes: 1e6, seenMs: 3_600_000 };
  const top = (by: 'cpu' | 'mem') => ({ from, to: now, by, rows: Array.from({ length: 20 }, (_, i) => ({ ...topRow, pid: 100 + i })), recordedMs: 86_400_000, note: 'Each minute keeps its top consumers.' });
  const snapshot: Snapshot = {
    ...big,
    version: SNAPSHOT_VERSION,
    meta: { ...big.meta, window: { from, to: now } },
    parts: {
      inventory: big.parts.inventory,
      changes: big.parts.changes,
      audit: big.parts.audit,
      traces: big.parts.traces,
      cores: big.parts.cores,
      notes: big.parts.notes,
      history: {
        from,
        to: now,
        series: {
          from,
          to: now,
          resolutionMs: 144_000,
          times,
          series: Array.from({ length: SERIES_KEYS }, (_, k) => ({ key: `disk.nvme${k}n1.read`, unit: 'bytesPerSec' as const, avg: values, min: values, max: values })),
          gaps: [],
        },
        frames: {
          strideMs: Math.ceil(86_400_000 / (frames - 1)),
          note: 'The nearest recorded frame to a moment every 50 min across the window.',
          list: Array.from({ length: frames }, (_, i) => ({ time: from + i * 60_000, ncpu: 32, totalMemoryBytes: 68_719_476_736, resolution: 'frame' as const, rows })),
        },
        top: { cpu: top('cpu'), mem: top('mem') },
        events: Array.from({ length: 2000 }, (_, i) => ({ time: from + i * 1000, kind: 'action' as const, summary: `Sent STOP to nginx (pid ${1000 + i}) because it used too much of the machine for too long.`, pid: 1000 + i })),
        eventsOmitted: 0,
      },
    },
  };
  return { snapshot, frames };
}
