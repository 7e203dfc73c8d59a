import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../../test-support/until.js';
import { readPidStat } from './pid-files.js';
import { listPids, readProcBytes, readProcLink, readProcText } from './read.js';
import { readCoreSettings, readPidMax, readPtraceScope } from './sysctl.js';

describe('tagged reads of /proc', () => {
  it('reads a live process, and tells a process that exited apart from any text', async () => {
    const child = spawn('/bin/sleep', ['1000'], { stdio: 'ignore' });
    const pid = child.pid!;
    await until(() => readPidStat('/proc', pid)?.comm === 'sleep', 'sleep to exec');
    expect(readProcText(`/proc/${pid}/cmdline`)).toEqual({ ok: true, text: '/bin/sleep\u00001000\u0000' });
    expect(readProcBytes(`/proc/${pid}/comm`)).toEqual({ ok: true, bytes: Buffer.from('sleep\n') });
    expect(readProcLink(`/proc/${pid}/exe`)).toMatchObject({ ok: true, text: expect.stringMatching(/sleep$/) });
    expect(listPids('/proc')).toContain(pid);
    child.kill('SIGKILL');
    await until(() => child.exitCode !== null || child.signalCode !== null, 'sleep to be reaped');
    for (const read of [readProcText(`/proc/${pid}/cmdline`), readProcBytes(`/proc/${pid}/stat`), readProcLink(`/proc/${pid}/exe`)]) {
      expect(read).toEqual({ ok: false, why: 'gone', errno: 'ENOENT' });
    }
    expect(readPidStat('/proc', pid)).toBeNull();
  });

  it('says "error" with the errno for what is neither gone nor denied, and refuses to list a missing root', () => {
    expect(readProcText('/proc/self/fd')).toMatchObject({ ok: false, why: 'error', errno: 'EISDIR' });
    expect(() => listPids('/nonexistent-proc-root')).toThrow(/ENOENT/);
  });

  it('reads kernel settings, and says when they are absent', () => {
    // No Yama on some kernels (this build machine among them): then there is no setting to report.
    const yama = '/proc/sys/kernel/yama/ptrace_scope';
    expect(readPtraceScope()).toBe(existsSync(yama) ? Number(readFileSync(yama, 'utf8')) : null);
    expect(readPidMax()).toBe(Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')));
    expect(readCoreSettings()?.pattern).toBe(readFileSync('/proc/sys/kernel/core_pattern', 'utf8').replace(/\n$/, ''));
    const empty = mkdtempSync(join(tmpdir(), 'triage-sysctl-'));
    try {
      expect(readPtraceScope(empty)).toBeNull();
      expect(readCoreSettings(empty)).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
