import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessContainer, parseCgroup, systemdUnit } from './parse-cgroup.js';
import { joinCmdline, parseCmdline } from './parse-cmdline.js';
import { parseIo } from './parse-io.js';
import { parseCoreLimit, parseLimits } from './parse-limits.js';
import { parseIdNames } from './parse-passwd.js';
import { EXIT_SIGNAL_FIELD, isKernelThread, newStatScratch, parsePidStat, parseStatBytes, START_STACK_FIELD } from './parse-pid-stat.js';
import { parseStatm, statmRssPages } from './parse-statm.js';
import { parseStatus } from './parse-status.js';
import { fixture } from './test-support/fixture.js';

describe('parsePidStat', () => {
  it('reads the fields of a real stat line', () => {
    const st = parsePidStat(fixture('stat-init.txt'))!;
    expect(st).toMatchObject({ pid: 1, comm: 'process_api', state: 'S', ppid: 0, utime: 40, stime: 68, nice: 0, threads: 11, startTime: 6 });
    expect(st.vsize).toBe(42868736);
    expect(st.rssPages).toBe(3722);
  });

  it('splits at the last ")" so a name with spaces and parentheses does not shift the fields', () => {
    const st = parsePidStat(fixture('stat-parens.txt'))!;
    expect(st.comm).toBe('a) b (c)');
    expect(st).toMatchObject({ pid: 4242, state: 'R', ppid: 1, utime: 250, stime: 50, priority: 20, nice: 0, threads: 3, startTime: 123456 });
    const odd = parsePidStat(fixture('stat-odd-comm.txt'))!;
    expect(odd).toMatchObject({ comm: 'my) (evil) proc', pid: 4242, state: 'S', ppid: 1, startTime: 987654 });
    expect(isKernelThread(odd)).toBe(false);
  });

  it('recognises a kernel thread by its flags, and reads this very process', () => {
    expect(isKernelThread(parsePidStat(readFileSync('/proc/2/stat', 'utf8'))!)).toBe(true);
    const self = parsePidStat(readFileSync('/proc/self/stat', 'utf8'))!;
    expect(self.pid).toBe(process.pid);
    expect(self.pgrp).toBe(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[2]));
    expect(self.startTime).toBeGreaterThan(0);
  });

  it('returns null for an empty or cut line (a process vanishing mid-read)', () => {
    expect(parsePidStat('')).toBeNull();
    expect(parsePidStat('garbage')).toBeNull();
    expect(parsePidStat('12 (x) S 1 2 3')).toBeNull();
  });
});

const listed = (): string[] => readdirSync('/proc').filter((n) => /^\d+$/.test(n));

describe('parseStatBytes (the per-tick parser)', () => {
  const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

  it('agrees with a plain split of every stat line on this machine', () => {
    const lines = [fixture('stat-init.txt'), fixture('stat-parens.txt')];
    for (const pid of listed()) {
      try {
        lines.push(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        // exited meanwhile
      }
    }
    expect(lines.length).toBeGreaterThan(10);
    const out = newStatScratch();
    for (const line of lines) {
      const close = line.lastIndexOf(')');
      // Field n (from 3, the state) is at index n - 3 after the name.
      const f = line.slice(close + 2).trim().split(' ');
      const buf = bytes(line);
      expect(parseStatBytes(buf, buf.length, out)).toBe(true);
      expect([out.pid, buf.toString('utf8', out.commStart, out.commEnd), String.fromCharCode(out.state)]).toEqual([
        Number(line.slice(0, line.indexOf(' '))),
        line.slice(line.indexOf('(') + 1, close),
        f[0],
      ]);
      expect([out.ppid, out.pgrp, out.flags, out.utime, out.stime, out.priority, out.nice, out.threads, out.startTime, out.vsize, out.rssPages]).toEqual(
        [4, 5, 9, 14, 15, 18, 19, 20, 22, 23, 24].map((n) => Number(f[n - 3])),
      );
    }
  });

  it('reads negative numbers, kernel-thread flags and, when asked, the exit signal that marks a thread', () => {
    const out = newStatScratch();
    const rt = bytes('7 (rt) S 2 0 0 0 -1 2129984 0 0 0 0 0 5 0 0 -100 -5 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 -1 0 99 1 0 0 0 0 0\n');
    expect(parseStatBytes(rt, rt.length, out, EXIT_SIGNAL_FIELD)).toBe(true);
    expect(out).toMatchObject({ priority: -100, nice: -5, exitSignal: -1 });
    expect(out.flags & 0x0020_0000).not.toBe(0);
  });

  it('reads the stack start when asked (this process: its own, not hidden); a line that stops after rss has none', () => {
    const out = newStatScratch();
    const self = bytes(readFileSync('/proc/self/stat', 'utf8'));
    expect(parseStatBytes(self, self.length, out, START_STACK_FIELD)).toBe(true);
    const f = self.toString().slice(self.toString().lastIndexOf(')') + 2).trim().split(' ');
    expect(out.startStack).toBe(Number(f[28 - 3]));
    expect(out.startStack).toBeGreaterThan(0);
    const short = bytes('9 (old) S 1 9 9 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 500 1000000 10\n');
    expect(parseStatBytes(short, short.length, out, START_STACK_FIELD)).toBe(true);
    expect([out.rssPages, out.startStack]).toEqual([10, 0]);
  });

  it('rejects what is not a stat line, and reads only the first n bytes', () => {
    const out = newStatScratch();
    for (const text of ['', '12 (x) S 1 2 3', 'x (y) S 1', '12 x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22', '12 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 1x 16 17 18 19 20 21 22']) {
      const buf = bytes(text);
      expect(parseStatBytes(buf, buf.length, out)).toBe(false);
    }
    const line = bytes(fixture('stat-init.txt'));
    expect(parseStatBytes(line, 40, out)).toBe(false);
  });
});

describe('other parsers', () => {
  it('statm, as text and straight from the bytes', () => {
    expect(parseStatm('765 441 412 5 0 123 0\n')).toEqual({ sizePages: 765, residentPages: 441, sharedPages: 412 });
    expect(parseStatm(fixture('statm-bash.txt'))).toEqual({ sizePages: 1224, residentPages: 561, sharedPages: 343 });
    expect(parseStatm('')).toBeNull();
    expect(parseStatm('x y z')).toBeNull();
    const buf = Buffer.from(fixture('statm-bash.txt'));
    expect(statmRssPages(buf, buf.length)).toBe(561);
    expect(statmRssPages(Buffer.from('12'), 2)).toBe(-1);
  });

  it('status: uids, swap and threads; a kernel thread has no VmSwap', () => {
    const self = parseStatus(fixture('status-self.txt'));
    expect(self.uids).toEqual([0, 0, 0, 0]);
    expect(self.swap).toBe(0);
    expect(self.threads).toBeGreaterThanOrEqual(1);
    const kthread = parseStatus(fixture('status-kthread.txt'));
    expect(kthread.name).toBe('kthreadd');
    expect(kthread.swap).toBeNull();
    expect(parseStatus('Uid:\t1000\t1001\t1002\t1003\nVmSwap:\t  12 kB\n')).toMatchObject({ uids: [1000, 1001, 1002, 1003], swap: 12 * 1024 });
  });

  it('io, and null for text without the byte counters', () => {
    expect(parseIo(fixture('io.txt'))).toEqual({ readBytes: 4096, writeBytes: 8192, rchar: 1000, wchar: 2000 });
    expect(parseIo('')).toBeNull();
  });

  it('cmdline keeps an argument with spaces as one argument', () => {
    const argv = parseCmdline(fixture('cmdline-python.txt'));
    expect(argv).toEqual(['/usr/bin/python3', '-c', 'print("a b")']);
    expect(joinCmdline(argv)).toBe('/usr/bin/python3 -c print("a b")');
    expect(parseCmdline('')).toEqual([]);
    expect(joinCmdline(['npm', 'exec   '])).toBe('npm exec');
  });

  it('passwd: first entry wins, comments and broken lines skipped', () => {
    const names = parseIdNames(fixture('passwd.txt'));
    expect(names.get(0)).toBe('root');
    expect(names.get(65534)).toBe('nobody');
    expect(names.get(1000)).toBe('alice');
    expect(names.size).toBe(3);
  });

  it('status: the tracer', () => {
    expect(parseStatus('Name:\tx\nTracerPid:\t4321\n').tracerPid).toBe(4321);
    expect(parseStatus(fixture('status-self.txt')).tracerPid).toBe(0);
  });

  it('limits: open files and core size, unlimited as null', () => {
    expect(parseCoreLimit(fixture('limits-init.txt'))).toEqual({ soft: 0, hard: null });
    expect(parseCoreLimit('Max open files 1024 4096 files\n')).toBeNull();
    expect(parseLimits(fixture('limits-init.txt'))).toEqual({
      openFilesSoft: 32768,
      openFilesHard: 32768,
      coreSizeSoft: 0,
      coreSizeHard: null,
    });
  });

  it('cgroup: container and systemd unit guesses', () => {
    const docker = parseCgroup(fixture('cgroup-docker.txt'));
    expect(guessContainer(docker)).toEqual({ runtime: 'docker', id: '0123456789ab' });
    const user = parseCgroup(fixture('cgroup-user.txt'));
    expect(guessContainer(user)).toBeNull();
    expect(systemdUnit(user)).toBe('app-gnome-firefox-1234.scope');
    expect(parseCgroup('12:pids:/lxc/web\n')).toBe('/lxc/web');
    expect(guessContainer('/lxc/web')).toEqual({ runtime: 'lxc', id: 'web' });
  });
});
