// A process that exits while Triage reads it must never be shown or audited with a command line made up from the
// failed read (the old reader returned the string 'gone' in place of the file's text).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcText, type ProcReader } from '../procfs/read.js';
import { until } from '../../test-support/until.js';
import { createProcessControl } from './control.js';
import { describePid, readTarget } from './read-target.js';
import { createLinuxSampler } from './sampler-linux.js';

const STAT = '4242 (victim) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 777 1000000 200 18446744073709551615\n';
const gone = { ok: false, why: 'gone', errno: 'ENOENT' } as const;

describe('pure: a reader that says the process is gone', () => {
  const readerGoneAt = (file: string): ProcReader => (path) =>
    path.endsWith(`/${file}`) ? gone : path.endsWith('/stat') ? { ok: true, text: STAT } : { ok: true, text: 'Uid:\t0\t0\t0\t0\n' };

  it('makes the target gone, whichever file it vanished at', () => {
    for (const file of ['cmdline', 'status', 'stat']) {
      expect(readTarget('/proc', 4242, readerGoneAt(file))).toBeNull();
      expect(describePid(4242, String, '/proc', readerGoneAt(file))).toBeNull();
    }
  });

  it('a denied command line is empty, never a word from the failure', () => {
    const denied: ProcReader = (path) => (path.endsWith('/cmdline') ? { ok: false, why: 'denied', errno: 'EACCES' } : readerGoneAt('none')(path));
    expect(readTarget('/proc', 4242, denied)).toMatchObject({ cmdline: '', uid: 0, stat: { comm: 'victim', startTime: 777 } });
  });
});

/**
 * A real process that exits between two reads: `sleep`, started by a shell that waits for it. When the reader
 * reaches the sleep's command line it kills it, and returns only once the shell has reaped it, so the read that
 * follows is the real one of a process that no longer exists.
 */
let shell: ChildProcess | null = null;
afterEach(() => {
  shell?.kill('SIGKILL');
  shell = null;
});

async function startVictim(): Promise<{ pid: number; startTime: number }> {
  shell = spawn('/bin/sh', ['-c', 'sleep 1000 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  shell.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until(() => out.includes('\n'), 'the shell to print the sleep pid');
  const pid = Number(out.trim());
  await until(() => readProcText(`/proc/${pid}/comm`).ok && readFileSync(`/proc/${pid}/comm`, 'utf8') === 'sleep\n', 'sleep to exec');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { pid, startTime: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) };
}

/** Blocks until the pid is gone from /proc (its parent reaped it), polling with a deadline. */
function waitGoneSync(pid: number, timeoutMs = 20_000): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} was not reaped`);
    Atomics.wait(pause, 0, 0, 5);
  }
}

/** The real reader, except that it kills `pid` (and waits until it is gone) right before reading its command line. */
function killAtCmdline(pid: number): ProcReader & { killed: () => boolean } {
  let killed = false;
  const reader: ProcReader = (path) => {
    if (path.endsWith(`/${pid}/cmdline`) && !killed) {
      killed = true;
      process.kill(pid, 'SIGKILL');
      waitGoneSync(pid);
    }
    return readProcText(path);
  };
  return Object.assign(reader, { killed: () => killed });
}

describe('real: a process that exits between the stat and command line reads', () => {
  it('read-target calls it gone, and the audit log records no command line for it', async () => {
    const victim = await startVictim();
    expect(readTarget('/proc', victim.pid)?.cmdline).toBe('sleep 1000');
    const dir = mkdtempSync(join(tmpdir(), 'triage-exiting-'));
    try {
      const read = killAtCmdline(victim.pid);
      const control = createProcessControl({ auditPath: join(dir, 'audit.jsonl'), readFile: read });
      const result = await control.act({ pid: victim.pid, startTime: victim.startTime, action: { kind: 'signal', signal: 'TERM' } });
      expect(read.killed()).toBe(true);
      expect(result).toMatchObject({ ok: false, code: 'ESRCH', target: null });
      const [entry] = control.audit.read();
      expect(entry!.target).toMatchObject({ pid: victim.pid, name: null, cmdline: null });
      expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toMatch(/"cmdline":"(gone|denied|error)"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the sampler leaves it out of the table rather than showing a made-up command line', async () => {
    const victim = await startVictim();
    const read = killAtCmdline(victim.pid);
    const sampler = createLinuxSampler({ readFile: read });
    try {
      const table = sampler.sampleSync();
      expect(read.killed()).toBe(true);
      expect(table.rows.find((r) => r.pid === process.pid)?.cmdline).toContain('node');
      expect(table.rows.find((r) => r.pid === victim.pid)).toBeUndefined();
      expect(table.rows.filter((r) => ['gone', 'denied', 'error'].includes(r.cmdline))).toEqual([]);
    } finally {
      sampler.close();
    }
  });
});
