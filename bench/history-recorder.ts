/**
 * The recorder's own cost on top of sampling, and the bytes it stores: a real backend samples (metrics hub
 * and process table, as for a window), a Recorder rides on those feeds, and the CPU spent inside the recorder
 * (its feed callbacks, its batched writes with compression, and the pruning it runs every 10 minutes,
 * amortised) is counted with process.cpuUsage around each. atop, when installed, records the same minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import Database from 'better-sqlite3';
import { Recorder } from '../native-bridge/history/recorder.js';
import { usedBytes } from '../native-bridge/history/maintenance.js';
import { openWriter } from '../native-bridge/history/open-db.js';
import { createBackend } from '../native-bridge/server/backend.js';
import { createSystemCollector } from '../native-bridge/platform/system-collector.js';

export interface RecordingRun {
  minutes: number;
  processes: number;
  recorderCpuMs: number;
  wallMs: number;
  /** Everything this process spent meanwhile (sampling included), for context. */
  processCpuMs: number;
  /** Growth after the first minute, per day. */
  bytesPerDay: number;
  /** What the first minute wrote beyond that rate: every running process's identity and command line, the first keyframe. */
  startBytes: number;
  atopBytesPerDay: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function emptyDbBytes(dir: string): number {
  const path = join(dir, 'empty.db');
  const { db } = openWriter(path);
  const bytes = usedBytes(db);
  db.close();
  return bytes;
}

/** Pages in use as a reader sees the file now (committed transactions, write-ahead log included). */
function usedNow(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return usedBytes(db);
  } finally {
    db.close();
  }
}

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

export async function recordFor(minutes: number, extra: number, atop: string | null): Promise<RecordingRun> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-bench-history-'));
  const sleepers: ChildProcess[] = Array.from({ length: extra }, () => spawn('sleep', ['3600'], { stdio: 'ignore' }));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ intervalMs: 1000 }));
  const backend = createBackend({ mode: 'cli', record: false, system: createSystemCollector(), configDir: dir, stateDir: dir, auditPath: join(dir, 'audit.jsonl') });
  let recorderCpu = 0;
  const measured = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
    const start = cpuUsage();
    fn(...args);
    recorderCpu += ms(cpuUsage(start));
  };
  const path = join(dir, 'history.db');
  const recorder = new Recorder({
    dbPath: path,
    lockPath: join(dir, 'history.lock'),
    sources: {
      systemMetrics: (listener) => backend.metrics.subscribe(measured(listener)),
      processTable: (listener, fail) => backend.implementation['processes.table']({}, { next: measured(listener), fail }),
    },
    retentionMs: 7 * 86_400_000,
    maxBytes: 512 * 1024 * 1024,
    intervalMs: () => 1000,
    // The bench calls flush and maintenance itself, inside the measurement.
    flushMs: 1e9,
    maintenanceMs: 1e9,
    firstMaintenanceMs: 1e9,
  });
  try {
    // Let the sleepers settle and the sampler warm up before counting.
    await sleep(3000);
    const atopFile = join(dir, 'atop.raw');
    // atop takes its first sample at start, then one every 5 s, for the same minutes as the recorder.
    const peer = atop ? spawn(atop, ['-w', atopFile, '5'], { stdio: 'ignore' }) : null;
    const started = recorder.start();
    if (!started.ok) throw new Error(started.reason);
    const t0 = performance.now();
    const process0 = cpuUsage();
    const flush = measured(() => recorder.flush());
    // The first minute holds one-time writes (every process's identity, the first keyframe): the rate per
    // day is the growth after it; the first minute's excess is reported on its own.
    let mark: { t: number; used: number; atop: number } | null = null;
    while (performance.now() - t0 < minutes * 60_000) {
      await sleep(5000);
      flush();
      if (!mark && performance.now() - t0 >= 60_000) mark = { t: performance.now(), used: usedNow(path), atop: sizeOf(atopFile) };
    }
    // Pruning runs every 10 minutes: one run, counted as a tenth of it per minute recorded.
    const pruneStart = cpuUsage();
    recorder.maintain();
    recorderCpu += (ms(cpuUsage(pruneStart)) * minutes) / 10;
    const wallMs = performance.now() - t0;
    const processCpuMs = ms(cpuUsage(process0));
    const end = { t: performance.now(), used: usedNow(path), atop: sizeOf(atopFile) };
    measured(() => recorder.stop())();
    peer?.kill('SIGTERM');
    if (peer) await new Promise((r) => peer.once('exit', r));
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (process.env.TRIAGE_BENCH_HISTORY_DETAIL) {
      for (const [table, column] of [['blocks', 'data'], ['frames', 'data'], ['rollups', 'data'], ['top_minutes', 'data'], ['procs', 'name'], ['texts', 'text'], ['events', 'summary']]) {
        process.stderr.write(`${table}: ${JSON.stringify(db.prepare(`SELECT count(*) AS n, sum(length(${column})) AS bytes FROM ${table}`).get())}\n`);
      }
      process.stderr.write(`frames by kind: ${JSON.stringify(db.prepare('SELECT key, count(*) AS n, sum(length(data)) AS bytes FROM frames GROUP BY key').all())}\n`);
    }
    db.close();
    if (!mark) throw new Error('record for at least 2 minutes');
    const perDay = (bytes: number) => (bytes / (end.t - mark.t)) * 86_400_000;
    const bytesPerDay = perDay(end.used - mark.used);
    const startBytes = mark.used - emptyDbBytes(dir) - (bytesPerDay * (mark.t - t0)) / 86_400_000;
    return {
      minutes,
      processes: (await backend.implementation['processes.list']({ sort: 'cpu' })).rows.length,
      recorderCpuMs: recorderCpu,
      wallMs,
      processCpuMs,
      bytesPerDay,
      startBytes,
      atopBytesPerDay: atop ? perDay(end.atop - mark.atop) : null,
    };
  } finally {
    recorder.stop();
    backend.close();
    for (const s of sleepers) s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
