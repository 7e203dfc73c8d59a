import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { encodeSnapshot } from './codec.js';
import { readSnapshotFile, writeHtmlReport, writeSnapshotFile } from './snapshot-file.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-snapshot-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const caught = async (work: Promise<unknown>): Promise<TriageError> => {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TriageError);
  return error as TriageError;
};

describe('writing', () => {
  it('writes a mode-0600 file and reads back the same snapshot', async () => {
    const snapshot = syntheticSnapshot({ samples: 200, processes: 500 });
    const path = join(dir, 'round.triage.json.gz');
    const bytes = await writeSnapshotFile(path, snapshot);
    expect(statSync(path).size).toBe(bytes);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const read = await readSnapshotFile(path);
    expect(read.snapshot).toEqual(snapshot);
    expect(read.bytes).toBe(bytes);
    // No temporary file is left next to it.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    const path = join(dir, 'existing.triage.json.gz');
    writeFileSync(path, 'precious');
    const error = await caught(writeSnapshotFile(path, syntheticSnapshot()));
    expect(error.message).toMatch(/already exists .* does not overwrite/);
    expect(readFileSync(path, 'utf8')).toBe('precious');
    expect(readdirSync(dir).filter((name) => name.includes('existing') && name.endsWith('.tmp'))).toEqual([]);
  });

  it('never follows a symlink planted at the final path', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'do not touch');
    const path = join(dir, 'planted.triage.json.gz');
    symlinkSync(victim, path);
    await caught(writeSnapshotFile(path, syntheticSnapshot()));
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    expect(readlinkSync(path)).toBe(victim);
  });

  it('never follows a symlink planted at the temporary path', async () => {
    const folder = join(dir, 'traps');
    mkdirSync(folder);
    const victim = join(dir, 'victim2.txt');
    writeFileSync(victim, 'do not touch');
    // Someone guessed the first temporary name and planted a link there.
    const trap = join(folder, '.x.gz.first.tmp');
    symlinkSync(victim, trap);
    const names = ['first', 'second'];
    await writeFileAtomic(join(folder, 'x.gz'), 'data', { tempSuffix: () => names.shift() ?? 'third' });
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    expect(lstatSync(trap).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, 'x.gz'), 'utf8')).toBe('data');
    expect(readdirSync(folder).sort()).toEqual(['.x.gz.first.tmp', 'x.gz']);
  });

  it('gives up with a sentence when every temporary name is taken, writing nothing', async () => {
    const folder = join(dir, 'traps2');
    mkdirSync(folder);
    const victim = join(dir, 'victim3.txt');
    writeFileSync(victim, 'do not touch');
    symlinkSync(victim, join(folder, '.y.gz.same.tmp'));
    const error = await caught(writeFileAtomic(join(folder, 'y.gz'), 'data', { tempSuffix: () => 'same' }));
    expect(error.message).toMatch(/could not create a temporary file for y\.gz .* already taken/);
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    expect(readdirSync(folder)).toEqual(['.y.gz.same.tmp']);
  });

  it('says clearly when the folder does not exist or is not writable', async () => {
    expect((await caught(writeSnapshotFile(join(dir, 'missing', 'a.gz'), syntheticSnapshot()))).message).toMatch(/folder .*missing does not exist/);
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect((await caught(writeSnapshotFile(join(file, 'a.gz'), syntheticSnapshot()))).message).toMatch(/is not a folder/);
  });

  it('writes the HTML report next to the snapshot', async () => {
    const path = join(dir, 'with-report.triage.json.gz');
    const snapshot = syntheticSnapshot();
    await writeSnapshotFile(path, snapshot);
    const report = await writeHtmlReport(path, snapshot);
    expect(report.path).toBe(join(dir, 'with-report.html'));
    expect(readFileSync(report.path, 'utf8')).toContain('<svg');
    expect(statSync(report.path).mode & 0o777).toBe(0o600);
  });
});

describe('a full disk', () => {
  let mountPoint = '';
  let mounted = false;
  beforeAll(() => {
    mountPoint = join(dir, 'tiny');
    mkdirSync(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      console.warn(`Skipping the full-disk test: mounting a 64 KiB tmpfs is not permitted here (${String(error).split('\n')[0]}).`);
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
  });

  it('says the disk is full and leaves no partial file', async (ctx) => {
    if (!mounted) ctx.skip();
    // Incompressible content, so the gzip is bigger than the 64 KiB file system.
    const snapshot = syntheticSnapshot();
    snapshot.parts.notes = { actual: randomBytes(200 * 1024).toString('base64') };
    expect((await encodeSnapshot(snapshot)).length).toBeGreaterThan(64 * 1024);
    const path = join(mountPoint, 'big.triage.json.gz');
    const error = await caught(writeSnapshotFile(path, snapshot));
    expect(error.message).toMatch(/^The disk is full: nothing was written/);
    expect(readdirSync(mountPoint)).toEqual([]);
    // A small one still fits afterwards: the space was given back.
    await writeSnapshotFile(join(mountPoint, 'small.triage.json.gz'), syntheticSnapshot({ samples: 5, processes: 5 }));
    expect(readdirSync(mountPoint)).toEqual(['small.triage.json.gz']);
  });
});

describe('reading untrusted files', () => {
  it('refuses a symlink, a folder, a FIFO, a device and a missing file with a sentence each', async () => {
    const real = join(dir, 'real.triage.json.gz');
    await writeSnapshotFile(real, syntheticSnapshot());
    const link = join(dir, 'link.triage.json.gz');
    symlinkSync(real, link);
    expect((await caught(readSnapshotFile(link))).message).toMatch(/is a symbolic link/);
    expect((await caught(readSnapshotFile(dir))).message).toMatch(/is a folder/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', ['--', fifo]);
    expect((await caught(readSnapshotFile(fifo))).message).toMatch(/named pipe/);
    expect((await caught(readSnapshotFile('/dev/null'))).message).toMatch(/is a device/);
    expect((await caught(readSnapshotFile(join(dir, 'nope.gz')))).code).toBe('NOT_FOUND');
    expect((await caught(readSnapshotFile('relative/path.gz'))).message).toMatch(/must be absolute/);
  });

  it('refuses a file above the size cap before reading it', async () => {
    const path = join(dir, 'big.gz');
    writeFileSync(path, Buffer.alloc(2048));
    expect((await caught(readSnapshotFile(path, { maxBytes: 1024 }))).message).toMatch(/is too large/);
  });

  it('opens a truncated, a foreign and a future file with a clear error each, never a crash', async () => {
    const whole = await encodeSnapshot(syntheticSnapshot({ samples: 100 }));
    const cut = join(dir, 'cut.triage.json.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    expect((await caught(readSnapshotFile(cut))).message).toMatch(/truncated/);
    const png = join(dir, 'picture.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect((await caught(readSnapshotFile(png))).message).toMatch(/not a Triage snapshot: it is a PNG image/);
    const future = join(dir, 'future.triage.json.gz');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(future, gzipSync(JSON.stringify({ ...syntheticSnapshot(), version: 7 })));
    expect((await caught(readSnapshotFile(future))).message).toMatch(/newer Triage/);
  });
});
