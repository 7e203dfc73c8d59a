import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../../test-support/temp-dir.js';
import { DeletedFilesResult } from '../../contract/netfiles.js';
import { DELETED_HOLDER } from '../../netfiles/test-support/child-scripts.js';
import { NodeChildren } from '../../netfiles/test-support/children.js';
import { runTriage } from '../../../test-support/run-triage.js';

const children = new NodeChildren();
const tempDir = perTestTempDir('triage-files-cli-');
afterEach(() => {
  children.killAll();
});

async function holder(mib: number): Promise<{ pid: number; path: string }> {
  const dir = tempDir();
  const path = join(dir, 'gone.log');
  const child = children.start(DELETED_HOLDER, [path, String(mib)]);
  await child.ready;
  return { pid: child.pid, path };
}

describe('triage files', () => {
  it('--deleted lists a deleted 20 MiB file with its holder and the space a restart gives back', async () => {
    const { pid, path } = await holder(20);
    const r = await runTriage('files', '--deleted');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ON DISK\s+SIZE\s+FILESYSTEM\s+HELD BY\s+PATH \(deleted\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^20\\.0 MiB\\s+20\\.0 MiB\\s+\\S+\\s+${pid}/node\\s+${path.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^  Restarting node \\(pid ${pid}\\) gives back 20\\.0 MiB on \\S+ held by 1 deleted file\\.$`, 'm'));
    expect(r.stdout).toMatch(/^\d+ deleted files? still open holds? \S+ \S+ of disk space; the largest is /m);
    expect(r.stdout).not.toContain('No deleted file');
  });

  it('--deleted --pid --json keeps only that process, in the UI schema', async () => {
    const { pid, path } = await holder(5);
    const r = await runTriage('files', '--deleted', '--pid', String(pid), '--json');
    expect(r.code).toBe(0);
    const parsed = DeletedFilesResult.parse(JSON.parse(r.stdout));
    expect(parsed.files.map((f) => [f.path, f.sizeBytes])).toEqual([[path, 5 * 1024 * 1024]]);
    expect(parsed.byProcess.map((g) => g.pid)).toEqual([pid]);
    // The total and the sentence are made again from the shorter list, not the machine's.
    expect(parsed.totalAllocatedBytes).toBe(parsed.files[0]!.allocatedBytes);
    expect(parsed.summary).toBe(`1 deleted file still open holds 5.0 MiB of disk space; the largest is ${path} (5.0 MiB).`);
  });

  it('--pid lists the open descriptors with type and mode', async () => {
    const { pid, path } = await holder(1);
    const r = await runTriage('files', '--pid', String(pid));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^node \\(pid ${pid}, root\\): \\d+ open descriptors`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^\\d+\\s+file\\s+w\\s+1048576\\s+${path.replace(/[.]/g, '\\.')} \\(deleted\\)$`, 'm'));
  });

  it('no selection, or a process that is gone, gets a plain sentence', async () => {
    const none = await runTriage('files');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^triage files: Say which files: --deleted for the whole machine, or --pid PID for one process\.\nUsage: triage files --deleted/);
    const gone = await runTriage('files', '--pid', '4000000');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('triage files: Process 4000000 is not running (it may already have exited).\n');
  });
});
