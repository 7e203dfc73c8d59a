import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../test-support/temp-dir.js';
import { DELETED_HOLDER, STEADY_WRITER } from './test-support/child-scripts.js';
import { readMounts } from '../procfs/filesystems.js';
import { mountOfPath } from '../procfs/parse-mountinfo.js';
import { createNetFilesService, type NetFilesService } from './service.js';
import { NodeChildren } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';
import { formatBytes } from './units.js';

const MIB = 1024 * 1024;
const TMPFS_MAGIC = 0x01021994;
const children = new NodeChildren();
const tempDir = perTestTempDir('triage-netfiles-');
let service: NetFilesService | null = null;

afterEach(() => {
  children.killAll();
  service?.close();
  service = null;
});

describe('deleted but still open', () => {
  it('finds a 50 MiB deleted file held by a child: size, holder, restart gain and the filesystem it sits on', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.log');
    const child = children.start(DELETED_HOLDER, [path, '50']);
    await child.ready;
    service = createNetFilesService();
    const result = await service['files.deleted']({});
    const file = result.files.find((f) => f.path === path);
    expect(file).toBeDefined();
    expect(file!.sizeBytes).toBe(50 * MIB);
    // Written in full with non-zero bytes: the blocks on disk cover the size (a little more for metadata is allowed).
    expect(file!.allocatedBytes).toBeGreaterThanOrEqual(50 * MIB);
    expect(file!.allocatedBytes).toBeLessThan(51 * MIB);
    expect(file!.holders).toEqual([expect.objectContaining({ pid: child.pid, name: 'node', fds: [expect.any(Number)] })]);
    expect(file!.filesystem?.mountPoint).toBe(mountOfPath(dir, readMounts('/proc'))!.mountPoint);
    const gain = result.byProcess.find((g) => g.pid === child.pid);
    expect(gain).toMatchObject({ restartGainBytes: file!.allocatedBytes, files: 1 });
    expect(gain!.sentence).toBe(`Restarting node (pid ${child.pid}) gives back 50.0 MiB on ${file!.filesystem!.mountPoint} held by 1 deleted file.`);
    expect(result.totalAllocatedBytes).toBeGreaterThanOrEqual(file!.allocatedBytes);
    // One sentence, made from this very list: never "none" above a list that holds a 50 MiB file.
    const total = result.files.reduce((sum, f) => sum + f.allocatedBytes, 0);
    const largest = result.files[0]!;
    const count = result.files.length === 1 ? '1 deleted file still open holds' : `${result.files.length} deleted files still open hold`;
    expect(result.summary).toBe(`${count} ${formatBytes(total)} of disk space; the largest is ${largest.path} (${formatBytes(largest.allocatedBytes)}).`);

    // The same file in the process's open-files list, with its mode.
    const open = await service['files.open']({ pid: child.pid });
    const entry = open.files.find((f) => f.path === path);
    expect(entry).toMatchObject({ type: 'file', deleted: true, mode: 'w', position: 50 * MIB, target: `${path} (deleted)` });

    // The filesystem view counts it against that disk.
    const { filesystems } = await service['disk.filesystems']({});
    const fs = filesystems.find((f) => f.mountPoint === file!.filesystem!.mountPoint)!;
    expect(fs.deletedOpenBytes).toBeGreaterThanOrEqual(file!.allocatedBytes);
    expect(fs.sizeBytes).toBeGreaterThan(0);
    expect(fs.usedPercent).toBeGreaterThan(0);
  });

  it('for the findings engine, counts what deleted files hold only on the filesystems it asks about', async () => {
    const dir = tempDir();
    const child = children.start(DELETED_HOLDER, [join(dir, 'held.bin'), '20']);
    await child.ready;
    service = createNetFilesService();
    const mount = mountOfPath(dir, readMounts('/proc'))!.mountPoint;
    const asked = service.filesystemsFor((fs) => fs.mountPoint === mount).find((fs) => fs.mountPoint === mount)!;
    expect(asked.deletedOpenBytes).toBeGreaterThanOrEqual(20 * MIB);
    // Not asked about (nothing nearly full): not counted, so 0.
    const notAsked = service.filesystemsFor(() => false).find((fs) => fs.mountPoint === mount)!;
    expect(notAsked.deletedOpenBytes).toBe(0);
    expect(notAsked.sizeBytes).toBe(asked.sizeBytes);
  });

  it('a finding when deleted files hold a notable share of a nearly full disk (thresholds lowered to this disk)', async () => {
    const dir = tempDir();
    const child = children.start(DELETED_HOLDER, [join(dir, 'held.bin'), '50']);
    await child.ready;
    service = createNetFilesService({ diskThresholds: { fullPercent: 0, deletedShare: 0 } });
    const result = await service['files.deleted']({});
    const mount = mountOfPath(dir, readMounts('/proc'))!.mountPoint;
    const finding = result.findings.find((f) => f.sentence.startsWith(`${mount} is `));
    expect(finding).toMatchObject({ kind: 'deleted-files' });
    expect(finding!.sentence).toMatch(/held by deleted files that are still open \(du cannot see them\); restarting \S+ \(pid \d+\) gives back/);
  });

  it('open files of one process: pid reuse and exited processes are refused in plain words', async () => {
    service = createNetFilesService();
    const mine = await service['files.open']({ pid: process.pid });
    await expect(service['files.open']({ pid: process.pid, startTime: mine.startTime + 1 })).rejects.toMatchObject({ code: 'PID_REUSED' });
    await expect(service['files.open']({ pid: 4_000_000 })).rejects.toMatchObject({ code: 'ESRCH' });
    expect(mine.files.some((f) => f.type === 'pipe' || f.type === 'device' || f.type === 'socket')).toBe(true);
  });
});

describe('per-process disk I/O rates', () => {
  it('a child appending at 5 MiB/s shows a write rate within ±20 % (write_bytes: what reached the storage layer, as iotop shows)', async () => {
    const dir = tempDir();
    // tmpfs has no storage layer, so write_bytes stays 0 there; wchar (every write() call) is the fair measure then.
    const onTmpfs = statfsSync(dir).type === TMPFS_MAGIC;
    const rate = 5 * MIB;
    const child = children.start(STEADY_WRITER, [join(dir, 'steady.bin'), String(rate)]);
    await child.ready;
    service = createNetFilesService();
    const svc = service;
    // 4 s: a writer tick delayed by a loaded machine (it catches up by the clock) moves a few % at the edges.
    const row = await waitFor(async () => {
      const r = await svc['disk.io']({ windowMs: 4000 });
      return r.processes.find((p) => p.pid === child.pid) ?? null;
    }, 'the writer in the I/O ranking');
    const measured = onTmpfs ? row.writeCharsPerSec : row.writeBytesPerSec;
    expect(measured).toBeGreaterThan(rate * 0.8);
    expect(measured).toBeLessThan(rate * 1.2);
    expect(row.name).toBe('node');
  });
});
