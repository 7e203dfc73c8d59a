import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessRow } from '../contract/processes.js';
import { createLinuxSampler } from './sampler-linux.js';
import { Children, statOf, tempDir, waitGone, type TempDir } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';

let children: Children;
beforeEach(() => {
  children = new Children();
});
afterEach(() => children.killAll());

describe('Linux sampler on this machine', () => {
  it('every row fits the contract, and the table includes this process', () => {
    const sampler = createLinuxSampler();
    try {
      const table = sampler.sampleSync();
      expect(table.source).toBe('procfs');
      expect(table.rows.length).toBeGreaterThan(5);
      for (const row of table.rows) ProcessRow.parse(row);
      const self = table.rows.find((r) => r.pid === process.pid)!;
      expect(self.startTime).toBe(statOf(process.pid)!.startTime);
      expect(self.user).toBe('root');
      expect(self.cmdline).toContain('node');
      expect(self.rss).toBeGreaterThan(1024 * 1024);
      expect(Math.abs(self.startedAt - (Date.now() - process.uptime() * 1000))).toBeLessThan(60_000);
    } finally {
      sampler.close();
    }
  });

  it('a busy child shows CPU above 20 % of a core within a few samples', async () => {
    const busy = children.spawn(process.execPath, ['-e', 'for (;;) {}']);
    const sampler = createLinuxSampler();
    try {
      sampler.sampleSync();
      let seen = 0;
      await waitFor(async () => {
        await new Promise((r) => setTimeout(r, 300));
        const row = sampler.sampleSync().rows.find((r) => r.pid === busy.pid);
        seen = row?.cpu ?? 0;
        return seen > 20;
      }, 'the busy child to show CPU');
      expect(seen).toBeGreaterThan(20);
      const row = sampler.sampleSync().rows.find((r) => r.pid === busy.pid)!;
      expect(row.cpuTime).toBeGreaterThan(0);
    } finally {
      sampler.close();
    }
  });

  it('a stopped child shows state T although its CPU time does not move; gone children close their descriptors', async () => {
    const sampler = createLinuxSampler();
    try {
      const kids = [children.sleep(), children.sleep(), children.sleep()];
      await waitFor(() => kids.every((k) => statOf(k.pid)?.comm === 'sleep'), 'exec');
      const first = sampler.sampleSync();
      expect(first.rows.find((r) => r.pid === kids[0]!.pid)).toMatchObject({ name: 'sleep', cmdline: '/bin/sleep 1000', state: 'S' });
      process.kill(kids[0]!.pid, 'SIGSTOP');
      await waitFor(() => sampler.sampleSync().rows.find((r) => r.pid === kids[0]!.pid)?.state === 'T', 'state T in the table');
      for (const k of kids) k.kill('SIGKILL');
      for (const k of kids) await waitGone(k);
      const after = sampler.sampleSync();
      for (const k of kids) expect(after.rows.some((r) => r.pid === k.pid)).toBe(false);
      // No descriptor of this process still points into a gone child's /proc directory.
      const open = readdirSync('/proc/self/fd').map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(open.some((p) => p.startsWith(`/proc/${process.pid}/`) || p.startsWith('/proc/1/'))).toBe(true);
      for (const k of kids) expect(open.filter((p) => p.startsWith(`/proc/${k.pid}/`))).toEqual([]);
    } finally {
      sampler.close();
    }
  });


  it('a process that execs a program of the same name shows its new command line', async () => {
    const dir = tempDir();
    const go = join(dir.path, 'go');
    // The same comm (sh) before and after the exec: only the command line says which program runs.
    // The second command line is made by the first program ($(echo tw)o), so the first one does not hold its text.
    const shell = children.spawn('/bin/sh', ['-c', `while [ ! -e ${go} ]; do sleep 0.05; done; exec /bin/sh -c "sleep 1000; : $(echo tw)o"`]);
    const sampler = createLinuxSampler();
    const cmdlineOf = () => sampler.sampleSync().rows.find((r) => r.pid === shell.pid)?.cmdline ?? '';
    try {
      await waitFor(() => cmdlineOf().includes('while'), 'the first program in the table');
      writeFileSync(go, '');
      await waitFor(() => readFileSync(`/proc/${shell.pid}/cmdline`, 'utf8').includes(': two'), 'the exec');
      expect(statOf(shell.pid)?.comm).toBe('sh');
      await waitFor(() => cmdlineOf().includes(': two'), 'the second program in the table');
      expect(cmdlineOf()).not.toContain('while');
    } finally {
      sampler.close();
      dir.remove();
    }
  });

  describe('a program that rewrites its command line without an exec (setproctitle; the comm stays)', () => {
    /** The retitle helper built in a temp dir, with its FIFO: writing a byte to the FIFO makes it retitle. */
    function retitler(mode: 'busy' | 'idle') {
      const dir = tempDir();
      const helper = join(dir.path, 'retitle');
      execFileSync('gcc', ['-O1', '-o', helper, new URL('./test-support/retitle.c', import.meta.url).pathname]);
      const fifo = join(dir.path, 'go');
      execFileSync('mkfifo', [fifo]);
      const child = children.spawn(helper, [fifo, mode]);
      const retitle = async () => {
        writeFileSync(fifo, 'x');
        await waitFor(() => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').startsWith('retitled worker'), 'the retitle');
      };
      return { child, dir, retitle };
    }
    const cmdlineIn = (table: { rows: ProcessRow[] }, pid: number) => table.rows.find((r) => r.pid === pid)?.cmdline ?? '';

    it('shows the new one once the process has run', async () => {
      const { child, dir, retitle } = retitler('busy');
      const sampler = createLinuxSampler({ fullRefreshMs: 0, cmdlineRefreshMs: 0 });
      try {
        await waitFor(() => cmdlineIn(sampler.sampleSync(), child.pid).includes('busy'), 'the first command line in the table');
        sampler.sampleSync(); // the once-only second look at a new process, so the next read is for having run
        const ticksBefore = statOf(child.pid)!.utime + statOf(child.pid)!.stime;
        await retitle();
        await waitFor(() => statOf(child.pid)!.utime + statOf(child.pid)!.stime >= ticksBefore + 5, 'its CPU burst');
        expect(statOf(child.pid)?.comm).toBe('retitle');
        await waitFor(() => cmdlineIn(sampler.sampleSync(), child.pid) === 'retitled worker', 'the new command line in the table');
      } finally {
        sampler.close();
        dir.remove();
      }
    });

    it('shows the new one when it retitled right after it was first seen, without running enough to show', async () => {
      const { child, dir, retitle } = retitler('idle');
      const sampler = createLinuxSampler({ fullRefreshMs: 0, cmdlineRefreshMs: 0 });
      try {
        await waitFor(() => readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes('idle'), 'the helper to start');
        expect(cmdlineIn(sampler.sampleSync(), child.pid)).toContain('idle');
        await retitle();
        expect(cmdlineIn(sampler.sampleSync(), child.pid)).toBe('retitled worker');
      } finally {
        sampler.close();
        dir.remove();
      }
    });
  });

  it('a process that ran until it became a zombie keeps its command line (a zombie\'s reads empty)', async () => {
    // yes runs flat out, is killed, and stays a zombie: its parent (now sleep) never reaps it.
    const parent = children.spawn('/bin/sh', ['-c', 'yes >/dev/null & echo $! > /dev/null; exec sleep 1000']);
    const sampler = createLinuxSampler({ fullRefreshMs: 0, cmdlineRefreshMs: 0 });
    const yesRow = () => sampler.sampleSync().rows.find((r) => r.ppid === parent.pid && r.name === 'yes');
    try {
      await waitFor(() => yesRow()?.cmdline === 'yes', 'yes running in the table');
      sampler.sampleSync(); // the once-only second look at a new process
      process.kill(yesRow()!.pid, 'SIGKILL');
      await waitFor(() => yesRow()?.state === 'Z', 'yes a zombie in the table');
      expect(readFileSync(`/proc/${yesRow()!.pid}/cmdline`, 'utf8')).toBe('');
      expect(yesRow()?.cmdline).toBe('yes');
    } finally {
      sampler.close();
    }
  });

  it('skips the stat of a process that did not run until its periodic full read, or until invalidated', async () => {
    const sampler = createLinuxSampler({ fullRefreshMs: 1_000_000_000 });
    try {
      const child = children.sleep();
      await waitFor(() => statOf(child.pid)?.comm === 'sleep', 'exec');
      sampler.sampleSync();
      sampler.sampleSync();
      // A renice from outside does not make the process run: schedstat stays put.
      setPriority(child.pid, 9);
      const nice = () => sampler.sampleSync().rows.find((r) => r.pid === child.pid)!.nice;
      expect(nice()).toBe(0);
      sampler.invalidate(child.pid);
      expect(nice()).toBe(9);
      const every = createLinuxSampler({ fullRefreshMs: 0 });
      expect(every.sampleSync().rows.find((r) => r.pid === child.pid)!.nice).toBe(9);
      every.close();
    } finally {
      sampler.close();
    }
  });
});

describe('Linux sampler without listing /proc each tick', () => {
  const pidsOf = (rows: readonly ProcessRow[]) => new Set(rows.map((r) => r.pid));

  it('finds processes started since the last tick by their new pids, and never lists a thread as a process', async () => {
    const sampler = createLinuxSampler({ fullRefreshMs: 1_000_000_000 });
    try {
      sampler.sampleSync();
      sampler.sampleSync();
      // A child that starts threads after its exec: their ids come from the same counter as pids.
      const child = children.spawn(process.execPath, [
        '-e',
        "const { Worker } = require('node:worker_threads'); for (let i = 0; i < 3; i++) new Worker('setInterval(() => {}, 1000)', { eval: true }); setInterval(() => {}, 1000);",
      ]);
      const tasks = (): string[] => {
        try {
          return readdirSync(`/proc/${child.pid}/task`);
        } catch {
          return [];
        }
      };
      let rows = sampler.sampleSync().rows;
      await waitFor(() => {
        rows = sampler.sampleSync().rows;
        return pidsOf(rows).has(child.pid) && tasks().length >= 4;
      }, 'the child and its worker threads');
      rows = sampler.sampleSync().rows;
      const seen = pidsOf(rows);
      expect(seen.has(child.pid)).toBe(true);
      const threadIds = tasks().map(Number).filter((tid) => tid !== child.pid);
      expect(threadIds.length).toBeGreaterThanOrEqual(3);
      for (const tid of threadIds) expect(seen.has(tid)).toBe(false);
      expect(rows.find((r) => r.pid === child.pid)!.threads).toBeGreaterThanOrEqual(4);
    } finally {
      sampler.close();
    }
  });

  it('shows the new parent of a process whose parent exited, although it did not run', async () => {
    const sampler = createLinuxSampler({ fullRefreshMs: 1_000_000_000 });
    let orphan = 0;
    try {
      // The middle process starts a sleeping grandchild, then waits to be killed.
      const middle = children.spawn(process.execPath, [
        '-e',
        "const { spawn } = require('node:child_process'); const c = spawn('/bin/sleep', ['1000'], { stdio: 'ignore', detached: true }); c.unref(); require('node:fs').writeFileSync(process.argv[1], String(c.pid)); setInterval(() => {}, 1000);",
        join(root.path, 'orphan.pid'),
      ]);
      await waitFor(() => existsSync(join(root.path, 'orphan.pid')) && readFileSync(join(root.path, 'orphan.pid'), 'utf8').length > 0, 'the grandchild');
      orphan = Number(readFileSync(join(root.path, 'orphan.pid'), 'utf8'));
      await waitFor(() => statOf(orphan)?.comm === 'sleep', 'exec');
      const ppidInTable = () => sampler.sampleSync().rows.find((r) => r.pid === orphan)?.ppid;
      expect(ppidInTable()).toBe(middle.pid);
      expect(ppidInTable()).toBe(middle.pid);
      middle.kill('SIGKILL');
      await waitGone(middle);
      await waitFor(() => statOf(orphan)!.ppid !== middle.pid, 're-parenting');
      const adopted = statOf(orphan)!.ppid;
      await waitFor(() => ppidInTable() === adopted, 'the new parent in the table');
      expect(ppidInTable()).toBe(adopted);
    } finally {
      sampler.close();
      if (orphan > 0) {
        try {
          process.kill(orphan, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });

  let root: TempDir;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => root.remove());
});

describe('Linux sampler on a fixture /proc', () => {
  let root: TempDir;
  beforeEach(() => {
    root = tempDir();
    writeFileSync(join(root.path, 'stat'), 'cpu  1 2 3 4\nbtime 1700000000\n');
  });
  afterEach(() => root.remove());

  const addProcess = (pid: number, comm: string, utime: number, startTime = 500): void => {
    mkdirSync(join(root.path, String(pid)), { recursive: true });
    writeFileSync(
      join(root.path, String(pid), 'stat'),
      `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 0 0 0 0 0 ${utime} 0 0 0 20 0 1 0 ${startTime} 1000000 10 0\n`,
    );
    writeFileSync(join(root.path, String(pid), 'cmdline'), `${comm}\0--flag\0`);
    writeFileSync(join(root.path, String(pid), 'status'), 'Uid:\t1000\t1000\t1000\t1000\nVmSwap:\t4 kB\n');
  };

  it('skips a process whose files vanished, derives CPU from deltas and a reused pid is a new process', () => {
    const passwd = join(root.path, 'passwd');
    writeFileSync(passwd, 'alice:x:1000:1000::/home/alice:/bin/sh\n');
    addProcess(10, 'a b) (c', 100);
    mkdirSync(join(root.path, '11')); // vanished: directory without files
    mkdirSync(join(root.path, 'self'));
    const sampler = createLinuxSampler({ procRoot: root.path, passwdPath: passwd, clockTicks: 100, pageSize: 4096 });
    try {
      const first = sampler.sampleSync();
      expect(first.rows).toHaveLength(1);
      expect(first.rows[0]).toMatchObject({
        pid: 10,
        name: 'a b) (c',
        user: 'alice',
        cmdline: 'a b) (c --flag',
        swap: 4096,
        rss: 40960,
        cpu: 0,
        cpuTime: 1,
        startedAt: 1_700_000_000_000 + 5000,
        ioReadPerSec: null,
      });
      rmSync(join(root.path, '10', 'cmdline'));
      addProcess(10, 'a b) (c', 150); // 50 ticks = 0.5 s of CPU
      const second = sampler.sampleSync();
      expect(second.intervalMs).toBeGreaterThanOrEqual(0);
      expect(second.rows[0]!.cpuTime).toBe(1.5);
      expect(second.rows[0]!.cpu).toBeGreaterThan(0);
      // The command line is cached per process, not re-read.
      expect(second.rows[0]!.cmdline).toBe('a b) (c --flag');
      addProcess(10, 'other', 1, 900);
      const third = sampler.sampleSync();
      expect(third.rows[0]).toMatchObject({ startTime: 900, name: 'other', cmdline: 'other --flag' });
    } finally {
      sampler.close();
    }
  });
  it('checks a long-idle kernel thread every few ticks and spreads its CPU over the time since its last check', () => {
    const writeKthread = (utime: number, runNs: number): void => {
      mkdirSync(join(root.path, '20'), { recursive: true });
      // Field 9 (flags) carries PF_KTHREAD; a kernel thread has no command line.
      writeFileSync(join(root.path, '20', 'stat'), `20 (kworker/0:1) I 2 0 0 0 -1 2097152 0 0 0 0 ${utime} 0 0 0 20 0 1 0 50 0 0 0\n`);
      writeFileSync(join(root.path, '20', 'schedstat'), `${runNs} 0 ${runNs / 1000}\n`);
      writeFileSync(join(root.path, '20', 'cmdline'), '');
    };
    writeKthread(100, 1_000_000);
    addProcess(30, 'user-program', 100);
    const sampler = createLinuxSampler({ procRoot: root.path, clockTicks: 100, pageSize: 4096, fullRefreshMs: 600_000 });
    const row = (table: ReturnType<typeof sampler.sampleSync>, pid: number) => table.rows.find((r) => r.pid === pid)!;
    const busyWait = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // a tick interval the test can rely on without timers
      }
    };
    try {
      for (let i = 0; i < 12; i++) sampler.sampleSync();
      // It runs for 2 s of CPU: once idle long enough it is looked at within 4 ticks, not every tick.
      writeKthread(300, 2_001_000_000);
      addProcess(30, 'user-program', 150);
      busyWait(50);
      const next = sampler.sampleSync();
      // A user process is never paced: its new CPU time shows at the next tick.
      expect(row(next, 30).cpuTime).toBe(1.5);
      let ticks = 1;
      let seen = row(next, 20);
      const started = performance.now();
      while (seen.cpuTime !== 3 && ticks < 10) {
        busyWait(50);
        seen = row(sampler.sampleSync(), 20);
        ticks++;
      }
      const elapsedSec = (performance.now() - started) / 1000 + 0.05;
      // Paced (not seen at the next tick, as the user process was), but seen within 4 ticks.
      expect(ticks).toBeGreaterThan(1);
      expect(ticks).toBeLessThanOrEqual(4);
      // 2 s of CPU over the span since its last check (at least the ticks it waited), not over one tick.
      expect(seen.cpu).toBeLessThanOrEqual(Math.ceil((2 / elapsedSec) * 100 * 1.05));
      expect(seen.cpu).toBeGreaterThan(0);
      // Having run, it is checked every tick again.
      writeKthread(400, 3_001_000_000);
      busyWait(50);
      expect(row(sampler.sampleSync(), 20).cpuTime).toBe(4);
    } finally {
      sampler.close();
    }
  });
});
