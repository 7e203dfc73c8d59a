import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../contract/processes.js';
import { createAuditLog, defaultAuditPath } from './audit-log.js';
import { compileEntry, here, tempDir, type TempDir } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const entry = (pid: number): AuditEntry => ({
  time: new Date().toISOString(),
  user: { uid: 0, name: 'root' },
  action: 'signal',
  params: { signal: 'TERM' },
  forced: false,
  target: { pid, startTime: 42, name: 'sleep', cmdline: 'sleep 1000; $(rm -rf /)\n`x`' },
  result: { ok: true, message: 'done' },
});

describe('audit log', () => {
  it('appends exactly one JSON line per entry, creates the file 0600 in a 0700 directory', () => {
    const path = join(dir.path, 'state', 'triage', 'audit.jsonl');
    const log = createAuditLog(path);
    const second = entry(2);
    log.append(entry(1));
    log.append(second);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1]!)).toEqual(second);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'state', 'triage')).mode & 0o777).toBe(0o700);
    expect(log.read().map((e) => e.target.pid)).toEqual([1, 2]);
    expect(log.read(1).map((e) => e.target.pid)).toEqual([2]);
  });

  it('never rewrites: earlier bytes stay as they were', () => {
    const path = join(dir.path, 'audit.jsonl');
    const log = createAuditLog(path);
    log.append(entry(1));
    const before = readFileSync(path, 'utf8');
    log.append(entry(2));
    expect(readFileSync(path, 'utf8').startsWith(before)).toBe(true);
  });

  it('reading tolerates a torn last line and junk lines', () => {
    const path = join(dir.path, 'audit.jsonl');
    const log = createAuditLog(path);
    log.append(entry(1));
    appendFileSync(path, 'not json\n{"time":"x"}\n');
    log.append(entry(2));
    appendFileSync(path, JSON.stringify(entry(3)).slice(0, 40));
    expect(log.read().map((e) => e.target.pid)).toEqual([1, 2]);
  });

  it('refuses to follow a planted symlink', () => {
    const victim = join(dir.path, 'victim');
    writeFileSync(victim, 'keep\n');
    const path = join(dir.path, 'audit.jsonl');
    symlinkSync(victim, path);
    expect(() => createAuditLog(path).append(entry(1))).toThrow();
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });

  it('a writer killed mid-way leaves a readable file', async () => {
    const path = join(dir.path, 'audit.jsonl');
    const script = await compileEntry(
      dir.path,
      'writer',
      `import { createAuditLog } from ${JSON.stringify(join(here, 'audit-log.ts'))};
       const log = createAuditLog(${JSON.stringify(path)});
       for (let i = 1; ; i++) log.append({ time: new Date().toISOString(), user: { uid: 0, name: 'root' }, action: 'renice',
         params: { nice: 5 }, forced: false, target: { pid: i, startTime: 1, name: 'x'.repeat(i % 300), cmdline: null },
         result: { ok: true, message: 'ok' } });`,
    );
    const writer = spawn(process.execPath, [script], { stdio: 'ignore' });
    const log = createAuditLog(path);
    await waitFor(() => log.read().length >= 50, 'the writer to write 50 entries');
    writer.kill('SIGKILL');
    await waitFor(() => writer.signalCode !== null, 'the writer to die');
    const entries = log.read();
    expect(entries.length).toBeGreaterThanOrEqual(50);
    // Entries are whole and in order: pids 1..n without gaps.
    expect(entries.map((e) => e.target.pid)).toEqual(entries.map((_, i) => i + 1));
    // Every line but at most a torn last one is valid JSON.
    const lines = readFileSync(path, 'utf8').split('\n');
    const bad = lines.filter((l) => {
      if (l === '') return false;
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad.length).toBeLessThanOrEqual(1);
  });

  it('a torn fragment at the end: the next entry starts on its own line and the fragment is counted, not fatal', () => {
    const path = join(dir.path, 'audit.jsonl');
    const log = createAuditLog(path);
    log.append(entry(1));
    appendFileSync(path, JSON.stringify(entry(2)).slice(0, 50));
    log.append(entry(3));
    log.append(entry(4));
    expect(log.readCounted()).toEqual({ entries: [entry(1), entry(3), entry(4)].map((e) => ({ ...e, time: expect.any(String) })), damaged: 1 });
  });

  it('an entry glued onto a fragment by an older Triage is still recovered, and the line counted as damaged', () => {
    const path = join(dir.path, 'audit.jsonl');
    writeFileSync(path, `${JSON.stringify(entry(1))}\n${JSON.stringify(entry(2)).slice(0, 60)}${JSON.stringify(entry(3))}\n`);
    const { entries, damaged } = createAuditLog(path).readCounted();
    expect(entries.map((e) => e.target.pid)).toEqual([1, 3]);
    expect(damaged).toBe(1);
  });
});

describe('audit log on a full disk (a 64 KiB tmpfs as XDG_STATE_HOME)', () => {
  let mountPoint: string;
  let savedState: string | undefined;
  beforeEach(() => {
    mountPoint = join(dir.path, 'small');
    mkdirSync(mountPoint);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    expect(mount.status, mount.stderr).toBe(0);
    savedState = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = mountPoint;
  });
  afterEach(() => {
    if (savedState === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = savedState;
    spawnSync('umount', [mountPoint]);
  });

  /** Writes filler until the file system refuses; returns the filler's path. */
  function fillDisk(): string {
    const filler = join(mountPoint, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(1024, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    // The last partial chunk may have left a few bytes: fill them one at a time.
    const tail = openSync(filler, 'a');
    try {
      for (;;) writeSync(tail, Buffer.from('x'));
    } catch {
      // full
    } finally {
      closeSync(tail);
    }
    return filler;
  }

  it('ENOSPC mid-line: the error is reported, the fragment cut back, and after space is freed the next entry reads back', () => {
    const path = defaultAuditPath();
    expect(path).toBe(join(mountPoint, 'triage', 'audit.jsonl'));
    const log = createAuditLog();
    log.append(entry(1));
    const filler = fillDisk();
    // The log's last page still has room for a few entries; the one that crosses the page boundary fails part-way.
    let written = 1;
    let failure: unknown = null;
    let sizeBefore = 0;
    for (let pid = 2; pid < 200 && failure === null; pid++) {
      sizeBefore = statSync(path).size;
      try {
        log.append(entry(pid));
        written = pid;
      } catch (error) {
        failure = error;
      }
    }
    expect((failure as NodeJS.ErrnoException | null)?.code).toBe('ENOSPC');
    expect(statSync(path).size).toBe(sizeBefore);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);

    rmSync(filler);
    log.append(entry(9999));
    const { entries, damaged } = log.readCounted();
    expect(damaged).toBe(0);
    expect(entries.map((e) => e.target.pid)).toEqual([...Array.from({ length: written }, (_, i) => i + 1), 9999]);
  });
});
