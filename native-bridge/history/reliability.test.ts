import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { contract } from '../contract/index.js';
import { createInProcessClient } from '../server/transports/in-process.js';
import { until } from '../../test-support/until.js';
import { startRecordingChild } from './test-support/children.js';
import { recordingBackend } from './test-support/recording-backend.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-rec-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newestSample(path: string): number | null {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT max(last_wall) AS v FROM blocks').get() as { v: number | null }).v;
  } finally {
    db.close();
  }
}

describe('kill -9 of the recorder', () => {
  it('loses at most the last interval, and the database opens cleanly and records on', async () => {
    const stateDir = tempDir();
    const path = join(stateDir, 'history.db');
    const flushMs = 1000;
    for (let round = 0; round < 3; round++) {
      const child = startRecordingChild(stateDir, flushMs);
      await child.ready;
      // Let it write a few batches, then kill it at whatever it is doing.
      const before = newestSample(path)!;
      await until(() => (newestSample(path) ?? 0) > before + 2000, 'a few more batches', 30_000);
      const killedAt = Date.now();
      child.child.kill('SIGKILL');
      await child.exited;
      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      // What was sampled more than one batch (plus one sampling interval and scheduling slack) before the kill is on disk.
      expect(killedAt - newestSample(path)!).toBeLessThanOrEqual(flushMs + 500 + 1500);
    }
    // A new recorder takes over: the killed runs' segments are closed (no reason given: "not running" gaps).
    const notices: string[] = [];
    const backend = recordingBackend(stateDir, { flushMs: 500, onNotice: (n) => notices.push(n) });
    try {
      const { client, close } = createInProcessClient(contract, backend.implementation);
      await until(() => (newestSample(path) ?? 0) > Date.now() - 2000, 'the new recorder to write', 30_000);
      const status = await client.call('history.status', {});
      expect(status.recording).toBe(true);
      const db = new Database(path, { readonly: true });
      const segments = db.prepare('SELECT ended_wall, end_reason FROM segments ORDER BY id').all() as Array<{ ended_wall: number | null; end_reason: string | null }>;
      db.close();
      expect(segments).toHaveLength(4);
      expect(segments.slice(0, 3).every((s) => s.ended_wall !== null && s.end_reason === null)).toBe(true);
      const series = await client.call('history.series', { from: status.oldest!, to: Date.now(), maxPoints: 1000, series: ['cpu.busy'] });
      expect(series.gaps.map((g) => g.reason).filter((r) => r !== 'not-running')).toEqual([]);
      close();
    } finally {
      backend.close();
    }
    expect(notices).toEqual([]);
  });
});

describe('a full disk', () => {
  const mount = join(tmpdir(), `triage-full-${process.pid}`);
  afterAll(() => {
    spawnSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('pauses recording with a clear message, keeps what was written, and resumes when space returns', async () => {
    mkdirSync(mount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    const stateDir = join(mount, 'triage');
    const path = join(stateDir, 'history.db');
    const notices: string[] = [];
    const backend = recordingBackend(stateDir, { flushMs: 250, resumeFreeBytes: 512 * 1024, onNotice: (n) => notices.push(n) });
    const { client, close } = createInProcessClient(contract, backend.implementation);
    const filler = join(mount, 'filler');
    try {
      await until(() => existsSync(path) && (newestSample(path) ?? 0) > Date.now() - 1500, 'recording', 30_000);
      const beforeFull = newestSample(path)!;
      // Fill the disk to the last block.
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      try {
        for (;;) writeSync(fd, chunk.subarray(0, 512));
      } catch {
        // full to the last byte
      }
      closeSync(fd);
      await until(() => notices.some((n) => n.startsWith('Recording paused')), 'the recorder to notice the full disk', 60_000);
      const paused = await client.call('history.status', {});
      expect(paused.paused).toMatch(new RegExp(`^Recording paused: the disk holding ${stateDir} is full`));
      expect(paused.recording).toBe(false);
      // What was written before is intact and readable.
      const db = new Database(path, { readonly: true });
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      db.close();
      const early = await client.call('history.series', { from: beforeFull - 3000, to: beforeFull + 1, maxPoints: 100, series: ['mem.total'] });
      expect(early.times.length).toBeGreaterThan(0);

      // An outage long enough to be drawn as a gap (shorter ones are sampling jitter).
      const lastBeforePause = newestSample(path)!;
      await until(() => Date.now() - lastBeforePause > 4000, 'a pause of a few seconds', 30_000);
      const pausedAt = Date.now();
      rmSync(filler);
      await until(() => notices.some((n) => n.startsWith('Recording resumed')), 'the recorder to resume', 60_000);
      await until(() => (newestSample(path) ?? 0) > pausedAt, 'samples after the pause', 30_000);
      const resumed = await client.call('history.status', {});
      expect(resumed.paused).toBeNull();
      expect(resumed.recording).toBe(true);
      const all = await client.call('history.series', { from: beforeFull - 3000, to: Date.now(), maxPoints: 2000, series: ['mem.total'] });
      expect(all.gaps.some((g) => g.reason === 'disk-full')).toBe(true);
      expect(all.times[0]).toBeLessThanOrEqual(beforeFull);
      const events = await client.call('history.events', { from: beforeFull - 60_000, to: Date.now(), limit: 100 });
      expect(events.events.some((e) => e.kind === 'disk-full' && /resumed/.test(e.summary))).toBe(true);
    } finally {
      close();
      backend.close();
    }
  });
});

describe('a damaged database file', () => {
  it('is moved aside with a message naming both paths, and a new one is started', async () => {
    const stateDir = tempDir();
    const path = join(stateDir, 'history.db');
    writeFileSync(path, Buffer.alloc(64 * 1024, 'this is not a database '));
    const notices: string[] = [];
    const backend = recordingBackend(stateDir, { flushMs: 500, onNotice: (n) => notices.push(n) });
    try {
      const aside = readdirSync(stateDir).find((f) => f.startsWith('history.db.damaged-'));
      expect(aside).toBeDefined();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(path);
      expect(notices[0]).toContain(join(stateDir, aside!));
      await until(() => (newestSample(path) ?? 0) > 0, 'the new database to be written', 30_000);
      expect((await backend.implementation['history.status']({})).recording).toBe(true);
    } finally {
      backend.close();
    }
  });

  it('that cannot be replaced stops recording with the reason, once (never a loop)', async () => {
    const stateDir = tempDir();
    // A directory where the file should be: not damage, nothing to move aside; the recorder says why and stops.
    mkdirSync(join(stateDir, 'history.db'));
    const notices: string[] = [];
    const backend = recordingBackend(stateDir, { flushMs: 500, onNotice: (n) => notices.push(n) });
    try {
      const status = await backend.implementation['history.status']({});
      expect(status.recording).toBe(false);
      expect(status.notRecording).toMatch(/could not be opened/);
      expect(status.notRecording).toContain(join(stateDir, 'history.db'));
      expect(existsSync(join(stateDir, 'history.lock'))).toBe(false);
    } finally {
      backend.close();
    }
  });
});

describe('two recorders for one user', () => {
  it('the second refuses, naming the first one\'s pid; a dead owner\'s lock is taken over', async () => {
    const stateDir = tempDir();
    const first = startRecordingChild(stateDir);
    try {
      await first.ready;
      const notices: string[] = [];
      const second = recordingBackend(stateDir, { flushMs: 500, onNotice: (n) => notices.push(n) });
      const status = await second.implementation['history.status']({});
      second.close();
      expect(status.recording).toBe(false);
      expect(status.recorder).toEqual({ pid: first.pid, self: false });
      expect(status.notRecording).toContain(`pid ${first.pid}`);
      // It still reads what the first one records.
      expect(status.newest).not.toBeNull();
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    // The first is dead (killed: its lock stays behind): the next recorder takes over.
    expect(existsSync(join(stateDir, 'history.lock'))).toBe(true);
    const third = recordingBackend(stateDir, { flushMs: 500, onNotice: () => undefined });
    try {
      const status = await third.implementation['history.status']({});
      expect(status.recorder).toEqual({ pid: process.pid, self: true });
    } finally {
      third.close();
    }
    expect(existsSync(join(stateDir, 'history.lock'))).toBe(false);
  });
});
