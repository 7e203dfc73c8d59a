import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../../test-support/temp-dir.js';
import { DiskIoResult, FilesystemsResult } from '../../contract/netfiles.js';
import { STEADY_WRITER } from '../../netfiles/test-support/child-scripts.js';
import { NodeChildren } from '../../netfiles/test-support/children.js';
import { runTriage } from '../../../test-support/run-triage.js';

const children = new NodeChildren();
const tempDir = perTestTempDir('triage-io-cli-');
afterEach(() => {
  children.killAll();
});

describe('triage io', () => {
  it('prints filesystems and ranks a writing child among the processes doing I/O', async () => {
    const dir = tempDir();
    const child = children.start(STEADY_WRITER, [join(dir, 'w.bin'), String(4 * 1024 * 1024)]);
    await child.ready;
    const r = await runTriage('io');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MOUNTED ON\s+TYPE\s+SIZE\s+USED\s+FREE\s+USE\s+INODES\s+DELETED-OPEN$/m);
    expect(r.stdout).toMatch(/^\/\s+\S+\s+/m);
    expect(r.stdout).toMatch(new RegExp(`^${child.pid}\\s+node\\s+root\\s+`, 'm'));
    expect(r.stdout).toMatch(/^Over \d\.\d s\. DISK: what reached storage/m);
  });

  it('--json holds both parts in their UI schemas', async () => {
    const r = await runTriage('io', '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { filesystems: unknown; io: unknown };
    expect(FilesystemsResult.parse(parsed.filesystems).filesystems.some((f) => f.mountPoint === '/')).toBe(true);
    expect(DiskIoResult.parse(parsed.io).intervalMs).toBeGreaterThan(0);
  });
});
