/**
 * A synthetic-but-realistic 7-day history for the query budgets: the last 24 h as the recorder writes it
 * (1 Hz samples in 5-s batches, a process frame per batch with a few busy processes changing, keyframes each
 * minute, each minute's top consumers), the 6 days before as they are after downsampling (minute and
 * ten-minute rollups, top consumers per minute), built from this machine's real sample and process table.
 */
import type { ProcessRow } from '../native-bridge/contract/processes.js';
import type { SystemSample } from '../native-bridge/contract/system.js';
import { prune } from '../native-bridge/history/maintenance.js';
import { openWriter } from '../native-bridge/history/open-db.js';
import { flattenSample } from '../native-bridge/history/series-keys.js';
import type { StoredSample } from '../native-bridge/history/sample-codec.js';
import type { MinuteUse } from '../native-bridge/history/table-tracker.js';
import { emptyBatch, HistoryWriter } from '../native-bridge/history/writer.js';

const DAY = 86_400_000;

/** A value that wanders like a real series (a slow wave plus noise), never negative. */
function wave(base: number, t: number, period: number, amplitude: number): number {
  return Math.max(0, base + amplitude * Math.sin((2 * Math.PI * t) / period) + amplitude * 0.3 * (Math.random() - 0.5));
}

function sampleAt(real: SystemSample, template: Map<string, number>, t: number, start: number): StoredSample {
  const values = new Map(template);
  values.set('cpu.busy', Math.min(100, wave(25, t, 3_600_000, 20)));
  values.set('cpu.user', Math.min(100, wave(18, t, 3_600_000, 15)));
  values.set('mem.used', wave(real.memory.usedBytes, t, 7_200_000, real.memory.totalBytes * 0.05));
  values.set('mem.available', wave(real.memory.availableBytes, t, 7_200_000, real.memory.totalBytes * 0.05));
  values.set('load.one', wave(1.5, t, 1_800_000, 1));
  for (const key of template.keys()) if (key.endsWith('.read') || key.endsWith('.rx')) values.set(key, wave(200_000, t, 600_000, 150_000));
  return { wall: t, mono: t - start, uptime: t - start + 10_000, values };
}

/** The busiest few processes change every frame; the rest are steady sleepers (as on a real machine). */
function rowsAt(table: readonly ProcessRow[], t: number): Array<{ row: ProcessRow; cpu: number }> {
  return table.map((row, i) => {
    if (i >= 8) return { row, cpu: 0 };
    const cpu = wave(30, t + i * 1000, 300_000, 25);
    return { row: { ...row, cpu, cpuTime: row.cpuTime + (t / 1000) * 0.3, rss: Math.round(wave(row.rss + 64e6, t, 900_000, 32e6) / 4096) * 4096 }, cpu };
  });
}

function topOf(table: readonly ProcessRow[], t: number): MinuteUse[] {
  return table.slice(0, 25).map((row, i) => ({
    row,
    cpuSeconds: wave(10, t + i, 600_000, 8),
    rssSum: row.rss * 60,
    rssMax: row.rss,
    samples: 60,
    ioReadBytes: wave(1e6, t, 600_000, 5e5),
    ioWriteBytes: wave(5e5, t, 600_000, 2e5),
    seenMs: 60_000,
  }));
}

/** Writes the 7 days into `path` and prunes as the recorder would at `now`. Returns the moment used as now. */
export function buildSevenDays(path: string, real: SystemSample, table: readonly ProcessRow[], now: number = Date.now()): number {
  const { db } = openWriter(path);
  const writer = new HistoryWriter(db);
  const template = flattenSample(real);
  const start = Math.floor((now - 7 * DAY) / 60_000) * 60_000;
  writer.startSegment({ bootId: 'bench', intervalMs: 1000, wall: start, mono: 0, reason: 'start' });
  const recent = now - DAY;
  // The older days: two samples a minute are enough to make each minute's rollup (the raw samples go).
  for (let m = start; m < recent; m += 60_000) {
    const batch = emptyBatch();
    batch.samples = [sampleAt(real, template, m, start), sampleAt(real, template, m + 30_000, start)];
    batch.tops = m > start ? [{ start: m - 60_000, uses: topOf(table, m) }] : [];
    writer.write(batch);
  }
  // The last day as recorded: 5 samples and one frame per 5-s batch.
  for (let t = Math.ceil(recent / 60_000) * 60_000; t < now; t += 5000) {
    const batch = emptyBatch();
    batch.samples = [0, 1000, 2000, 3000, 4000].map((d) => sampleAt(real, template, t + d, start));
    batch.frames = [{ wall: t, mono: t - start, ncpu: real.load.cores, totalMemoryBytes: real.memory.totalBytes, rows: rowsAt(table, t) }];
    if (t % 60_000 === 0) batch.tops = [{ start: t - 60_000, uses: topOf(table, t) }];
    writer.write(batch);
  }
  writer.endSegment('stop', now);
  prune(db, { now, retentionMs: 7 * DAY + 60_000, maxBytes: 512 * 1024 * 1024 });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return now;
}
