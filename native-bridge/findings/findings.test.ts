import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test-support/until.js';
import { findingsBackend } from './test-support/findings-backend.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) {
    try {
      clean();
    } catch {
      // best effort: a child that already exited
    }
  }
});

function child(command: string, args: string[]): ChildProcess {
  const proc = spawn(command, args, { stdio: 'ignore' });
  cleanups.push(() => proc.kill('SIGKILL'));
  return proc;
}

function open(overrides: Parameters<typeof findingsBackend>[0]) {
  const backend = findingsBackend(overrides);
  cleanups.push(() => backend.close());
  return backend;
}

/** The fields after the command name in /proc/PID/stat (state first, then ppid), or none once it exited. */
const statFields = (pid: number): string[] => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  } catch {
    return [];
  }
};

const state = (pid: number): string => statFields(pid)[0] ?? '';

describe('findings from real processes', () => {
  it('names a process that burns a core, with its pid', async () => {
    // Thresholds low enough to hold when this 2-core machine is loaded by other work.
    const backend = open({ 'cpu-hog': { warn: 10, minMs: 3000 } });
    const burner = child('sh', ['-c', 'while :; do :; done']);
    await until(() => backend.findingFor('cpu-hog', burner.pid!) !== undefined, 'the burner named', 45_000);
    const finding = backend.findingFor('cpu-hog', burner.pid!);
    expect(finding?.next?.target?.pid).toBe(burner.pid);
    expect(backend.latest()?.findings.some((f) => f.culprits.some((c) => c.pid === process.pid))).toBe(false);
  });

  it('names a stopped process, and drops it once continued', async () => {
    const backend = open({ 'stopped-process': { minMs: 2000, clearMs: 1000 } });
    const sleeper = child('sleep', ['300']);
    await until(() => state(sleeper.pid!) === 'S', 'sleep running');
    process.kill(sleeper.pid!, 'SIGSTOP');
    await until(() => state(sleeper.pid!) === 'T', 'sleep stopped');
    await until(() => backend.findingFor('stopped-process', sleeper.pid!) !== undefined, 'the stopped process named', 30_000);
    process.kill(sleeper.pid!, 'SIGCONT');
    await until(() => backend.findingFor('stopped-process', sleeper.pid!) === undefined, 'the finding gone after SIGCONT', 30_000);
  });

  it('names the parent of zombies it never reaped', async () => {
    const backend = open({ zombies: { minMs: 2000 } });
    const parent = child('python3', ['-c', 'import os, time\nfor _ in range(3):\n    if os.fork() == 0: os._exit(0)\ntime.sleep(300)']);
    const zombies = () =>
      // One read per process, which may exit between the listing and the read.
      readdirSync('/proc').filter((d) => {
        const fields = /^\d+$/.test(d) ? statFields(Number(d)) : [];
        return fields[0] === 'Z' && fields[1] === String(parent.pid);
      }).length;
    await until(() => zombies() === 3, 'three zombies');
    // The report may come from a table read while the third child was still exiting: poll for the count too.
    await until(() => /has 3 zombie children/.test(backend.findingFor('zombies', parent.pid!)?.sentence ?? ''), 'the parent named with its 3 zombies', 30_000);
  });

  it('names a filesystem nearly full, with the space deleted open files hold', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'triage-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    if (mounted.status !== 0) throw new Error(`mounting a tmpfs needs root: ${mounted.stderr.toString()}`);
    cleanups.push(() => spawnSync('umount', ['-l', mount]));
    writeFileSync(join(mount, 'fill'), Buffer.alloc(1.95 * 1024 * 1024, 1));
    // A holder keeps the file open after deleting it: the space stays used and is said to be held.
    const holder = child('sh', ['-c', `exec 3<"${join(mount, 'fill')}"; rm "${join(mount, 'fill')}"; echo ready; exec sleep 300`]);
    await until(() => !existsSync(join(mount, 'fill')), 'the file deleted while open');
    expect(holder.pid).toBeGreaterThan(0);
    const backend = open({});
    const finding = () => backend.latest()?.findings.find((f) => f.key === `disk-full:${mount}`);
    await until(() => /Deleted files still open hold/.test(finding()?.sentence ?? ''), 'the full tmpfs named with what the deleted file holds', 40_000);
    expect(finding()?.severity).toBe('serious');
    const held = finding()?.evidence.find((e) => e.label === 'held by deleted open files')?.value ?? 0;
    expect(held).toBeGreaterThanOrEqual(1.9 * 1024 * 1024);
  });

  it('reports a real crash from the kernel log', async () => {
    if (readFileSync('/proc/sys/debug/exception-trace', 'utf8').trim() === '0') throw new Error('the kernel does not log segfaults here (debug.exception-trace=0)');
    const dir = mkdtempSync(join(tmpdir(), 'triage-crash-'));
    const name = `tcrash${process.pid % 100000}`;
    writeFileSync(join(dir, 'c.c'), 'int main(void) { *(volatile int *)0 = 1; return 0; }\n');
    expect(spawnSync('gcc', ['-O0', '-o', join(dir, name), join(dir, 'c.c')]).status).toBe(0);
    const backend = open({});
    // The kernel rate-limits these lines; crash again until one gets through.
    await until(() => {
      if (backend.latest()?.findings.some((f) => f.rule === 'segfault' && f.sentence.startsWith(name))) return true;
      spawnSync(join(dir, name));
      return false;
    }, 'the crash reported', 45_000, () => new Promise((r) => setTimeout(r, 1000)));
  });

  it('reports an out-of-memory kill inside a memory cgroup', async () => {
    const root = '/sys/fs/cgroup/memory';
    if (!existsSync(join(root, 'memory.limit_in_bytes'))) throw new Error('no cgroup v1 memory controller here; this test needs one');
    const group = join(root, `triage-test-${process.pid}`);
    mkdirSync(group);
    cleanups.push(() => rmdirSync(group));
    writeFileSync(join(group, 'memory.limit_in_bytes'), String(32 * 1024 * 1024));
    const backend = open({});
    const hog = spawn('sh', ['-c', `echo $$ > ${group}/cgroup.procs && exec python3 -c "b = b'x' * (256 * 1024 * 1024)"`], { stdio: 'ignore' });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => hog.on('exit', (_code, signal) => resolve(signal)));
    expect(exit).toBe('SIGKILL');
    await until(() => backend.findingFor('oom-kill', hog.pid!) !== undefined, 'the OOM kill reported', 30_000);
    expect(backend.findingFor('oom-kill', hog.pid!)?.severity).toBe('serious');
  });
});
