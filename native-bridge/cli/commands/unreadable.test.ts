// "Could not read" is never shown as "nothing there": the real CLI against real processes it may not read.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ListeningResult, OpenFilesResult } from '../../contract/netfiles.js';
import { runTriage } from '../../../test-support/run-triage.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const isRoot = process.geteuid?.() === 0;
const kernelThread2 = ((): boolean => {
  try {
    const stat = readFileSync('/proc/2/stat', 'utf8');
    return (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]) & 0x200000) !== 0;
  } catch {
    return false;
  }
})();
/** In a container or VM guest, pid 1 may hold capabilities even root here lacks: its links are refused. */
const pid1Refused = ((): boolean => {
  try {
    const first = readdirSync('/proc/1/fd')[0];
    if (first === undefined) return false;
    readlinkSync(`/proc/1/fd/${first}`);
    return false;
  } catch {
    return true;
  }
})();

describe('reads that are refused say so, and why', () => {
  it.runIf(isRoot)('another user: no "0 open descriptors", the reason, and exit 1', async () => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(sleeper);
    const r = await runTriage('files', '--pid', String(sleeper.pid), { uid: 65534 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`could not read its open descriptors\\. sleep \\(pid ${sleeper.pid}\\) belongs to another user`));
    expect(r.stdout).not.toMatch(/\b0 open descriptors|\(none\)/);
    expect(r.code).toBe(1);
    const json = await runTriage('files', '--pid', String(sleeper.pid), '--json', { uid: 65534 });
    expect(OpenFilesResult.parse(JSON.parse(json.stdout)).unreadable).toMatchObject({ reason: 'another-user', descriptors: null });
  });

  it.runIf(isRoot && pid1Refused)('root refused by a more privileged pid 1 is told what stopped it', async () => {
    const r = await runTriage('files', '--pid', '1');
    expect(r.stdout).toMatch(/none of which Triage may read/);
    expect(r.stdout).toMatch(/even as root/);
    expect(r.stdout).not.toMatch(/\b0 open descriptors|\(none\)|administrator rights/);
    expect(r.code).toBe(1);
  });

  it.runIf(isRoot && pid1Refused)('sockets of a process whose descriptors are listed but not readable are "cannot inspect", not "no owner"', async () => {
    const r = await runTriage('net', '--listen', '--json');
    expect(r.code).toBe(0);
    const result = ListeningResult.parse(JSON.parse(r.stdout));
    expect(result.unreadable.processes).toBeGreaterThanOrEqual(1);
    expect(result.unreadable.sentence).toMatch(/even to root/);
  });

  it.runIf(kernelThread2)('a kernel thread: no open files and no user-space stack, said plainly', async () => {
    const files = await runTriage('files', '--pid', '2');
    expect(files.stdout).toMatch(/is a kernel thread: it runs inside the kernel and has no open files/);
    expect(files.code).toBe(0);
    const stack = await runTriage('stack', '2');
    expect(stack.stderr).toMatch(/is a kernel thread: it runs only inside the kernel and has no user-space stack to show/);
    expect(stack.stderr).not.toMatch(/another user|gdb/);
    expect(stack.code).toBe(1);
  });

  it.runIf(isRoot)('io never tells root to become root', async () => {
    const r = await runTriage('io');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/administrator rights|pkexec/);
  });
});
