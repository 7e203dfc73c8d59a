import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Implementation } from '../contract/define.js';
import { TriageError } from '../contract/errors.js';
import { HISTORY_MAX_RANGE_MS, type HistoryContract, type HistoryStatus } from '../contract/history.js';
import type { HistorySettings } from '../shared/settings.js';
import { Layouts } from './layouts.js';
import { lockOwner } from './lock.js';
import { isDamage, openReader } from './open-db.js';
import { queryEvents } from './query-events.js';
import { queryProcessesAt } from './query-processes.js';
import { querySeries } from './query-series.js';
import { queryTop } from './query-top.js';
import { Recorder, type RecorderOptions, type RecorderSources } from './recorder.js';

/** Why a reader (a query command, `triage record --status`) sees no recording: nothing of its own, nobody else's. */
export const NOBODY_RECORDS = 'No Triage records the history now: the app, `triage web` and `triage record` record it while they run.';

export const historyPaths = (stateDir: string) => ({ db: join(stateDir, 'history.db'), lock: join(stateDir, 'history.lock') });

export interface HistoryServiceOptions {
  stateDir: string;
  settings: HistorySettings;
  /** Record (the app, web mode, `triage record`), or only answer queries (other CLI commands); with the reason when not. */
  record: { on: true } | { on: false; why: string };
  /** The feeds to record (needed only when recording). */
  sources?: RecorderSources;
  intervalMs?: () => number;
  onNotice?: (sentence: string) => void;
  now?: () => number;
  /** Tests shorten the batching. */
  tuning?: Pick<RecorderOptions, 'flushMs' | 'frameMs' | 'maintenanceMs' | 'resumeFreeBytes'>;
}

export type HistoryService = ReturnType<typeof createHistoryService>;

function fileBytes(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

function safely<T>(fallback: T, f: () => T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function checkRange(from: number, to: number): void {
  if (!(to > from)) throw new TriageError('INVALID_INPUT', 'The end of the range must come after its start.');
  if (to - from > HISTORY_MAX_RANGE_MS) throw new TriageError('INVALID_INPUT', 'A history range can span at most 91 days.');
}

/** Each query opens the file afresh: it may have been moved aside and replaced since the last one. */
function readHistory<T>(path: string, empty: () => T, query: (db: Database.Database, layouts: Layouts) => T): T {
  let db: Database.Database | null;
  try {
    db = openReader(path);
  } catch (error) {
    throw new TriageError('IO_ERROR', `The history database ${path} could not be opened: ${(error as Error).message}`);
  }
  if (!db) return empty();
  try {
    return query(db, new Layouts(db, false));
  } catch (error) {
    if (error instanceof TriageError) throw error;
    if (/no such table/.test((error as Error).message)) return empty();
    if (isDamage(error)) {
      throw new TriageError('IO_ERROR', `The history database ${path} is damaged (${(error as Error).message}); the recorder moves it aside and starts a new one when it next starts.`);
    }
    throw new TriageError('IO_ERROR', `The history database ${path} could not be read: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/** What the file holds: its first and last recorded moments, and when the segment still open began. */
function recordedSpan(path: string): { oldest: number | null; newest: number | null; since: number | null } {
  const none = { oldest: null, newest: null, since: null };
  // The status answers even when the file cannot be read (the reason is in notRecording or the queries' errors).
  return safely(none, () => readHistory(path, () => none, (conn) => {
    const oldest = conn.prepare<[], { v: number | null }>('SELECT min(started_wall) AS v FROM segments').get()?.v ?? null;
    const newest = conn.prepare<[], { v: number | null }>('SELECT max(last_wall) AS v FROM segments').get()?.v ?? null;
    const since = conn.prepare<[], { v: number | null }>('SELECT max(started_wall) AS v FROM segments WHERE ended_wall IS NULL').get()?.v ?? null;
    return { oldest, newest, since };
  }));
}

/** The recorder when this backend records and it could start; otherwise why there is none. */
function startRecorder(options: HistoryServiceOptions, paths: ReturnType<typeof historyPaths>): { recorder: Recorder | null; notRecording: string | null } {
  if (!options.record.on) return { recorder: null, notRecording: options.record.why };
  if (!options.sources) throw new Error('a recording history service needs the backend\'s feeds');
  const recorder = new Recorder({
    dbPath: paths.db,
    lockPath: paths.lock,
    sources: options.sources,
    retentionMs: options.settings.retentionDays * 86_400_000,
    maxBytes: options.settings.maxBytes,
    intervalMs: options.intervalMs ?? (() => 1000),
    onNotice: options.onNotice,
    ...options.tuning,
  });
  const started = recorder.start();
  return started.ok ? { recorder, notRecording: null } : { recorder: null, notRecording: started.reason };
}

/** The history: a recorder on the backend's shared feeds (when this backend records) and the queries over its file. */
export function createHistoryService(options: HistoryServiceOptions) {
  const paths = historyPaths(options.stateDir);
  const now = options.now ?? Date.now;
  const started = startRecorder(options, paths);
  const notRecording = started.notRecording;
  let recorder = started.recorder;
  const read = <T>(empty: () => T, query: (db: Database.Database, layouts: Layouts) => T): T => readHistory(paths.db, empty, query);

  function status(): HistoryStatus {
    const self = recorder?.recording ? { pid: process.pid, self: true } : null;
    const other = self ? null : lockOwner(paths.lock);
    const db = fileBytes(paths.db);
    const span = recordedSpan(paths.db);
    const stopped = recorder?.stopped ?? null;
    return {
      recording: Boolean(self) && !recorder?.paused,
      recorder: self ?? (other ? { pid: other.pid, self: false } : null),
      since: self ? recorder!.startedAt : other ? span.since : null,
      path: paths.db,
      bytes: db === null ? null : db + (fileBytes(`${paths.db}-wal`) ?? 0),
      oldest: span.oldest,
      newest: span.newest,
      paused: recorder?.paused ?? null,
      notRecording: stopped ?? (self ? null : other && notRecording === null ? `Another Triage (pid ${other.pid}) records the history.` : notRecording),
      retentionDays: options.settings.retentionDays,
      maxBytes: options.settings.maxBytes,
    };
  }

  const implementation: Implementation<HistoryContract> = {
    'history.status': async () => status(),
    'history.series': async (input) => {
      checkRange(input.from, input.to);
      return read(
        () => querySeriesEmpty(input.from, input.to, now()),
        (db, layouts) => querySeries(db, layouts, input, now()),
      );
    },
    'history.processesAt': async ({ at }) =>
      read(
        () => {
          throw new TriageError('NOT_FOUND', `Nothing has been recorded yet: there is no history database at ${paths.db}.`);
        },
        (db, layouts) => queryProcessesAt(db, layouts, at, now()),
      ),
    'history.top': async (input) => {
      checkRange(input.from, input.to);
      return read(
        () => ({ from: input.from, to: input.to, by: input.by, rows: [], recordedMs: 0, note: 'Nothing has been recorded yet.' }),
        (db) => queryTop(db, input),
      );
    },
    'history.events': async (input) => {
      checkRange(input.from, input.to);
      return read(() => ({ events: [], omitted: 0 }), (db) => queryEvents(db, input));
    },
  };

  return {
    implementation,
    get recorder() {
      return recorder;
    },
    /** Why this backend does not record, when it does not. */
    notRecording: () => status().notRecording,
    close() {
      recorder?.stop();
      recorder = null;
    },
  };
}

function querySeriesEmpty(from: number, to: number, now: number) {
  const end = Math.min(to, now);
  return {
    from,
    to,
    resolutionMs: 0,
    times: [],
    series: [],
    gaps: end > from ? [{ from, to: end, reason: 'not-recorded-yet' as const, text: 'nothing recorded yet' }] : [],
  };
}
