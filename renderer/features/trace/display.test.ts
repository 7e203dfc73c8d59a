import { describe, expect, it } from 'vitest';
import type { CallEvent, FailureGroup, SyscallStat } from '../../../native-bridge/contract/index.js';
import {
  classIndex,
  estimateTerminalSize,
  failureSections,
  failureText,
  formatEventLine,
  namedOnCommandLine,
  summaryRows,
  FOCUS_VIEW,
} from './display.js';

let seq = 0;
function group(over: Partial<FailureGroup>): FailureGroup {
  seq++;
  return {
    name: 'openat',
    errno: 'ENOENT',
    errnoText: 'No such file or directory',
    target: `/t/${seq}`,
    count: 1,
    firstTime: '10:00:00.000001',
    lastTime: '10:00:00.000001',
    firstSeq: seq,
    lastSeq: seq,
    rank: 0,
    noise: false,
    noiseReason: null,
    sentence: 'it looked for this file and it does not exist',
    example: 'openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (No such file or directory)',
    ...over,
  };
}

const noFilter = { classes: [], text: '' };
const stats: SyscallStat[] = [
  { name: 'openat', cls: 'file', calls: 10, errors: 3, totalSeconds: 0.003, maxSeconds: 0.001 },
  { name: 'connect', cls: 'network', calls: 2, errors: 1, totalSeconds: 0.001, maxSeconds: 0.0008 },
  { name: 'mmap', cls: 'memory', calls: 4, errors: 0, totalSeconds: 0, maxSeconds: 0 },
];

describe('failureSections', () => {
  const loader = group({ target: '/lib/x86_64/libc.so.6', noise: true, noiseReason: 'the dynamic loader looking for libraries', lastSeq: 900 });
  const selinux = group({ name: 'statfs', target: '/selinux', lastSeq: 50 });
  const perm = group({ errno: 'EACCES', target: '/etc/app.conf', rank: 0, lastSeq: 40, count: 3 });
  const userPath = group({ name: 'statx', target: '/data/missing', rank: 1, lastSeq: 10 });
  const refused = group({ name: 'connect', errno: 'ECONNREFUSED', target: '127.0.0.1:9', rank: 0, lastSeq: 30 });
  const minor = group({ errno: 'EAGAIN', target: null, rank: 5, lastSeq: 100 });
  const all = [loader, minor, perm, refused, selinux, userPath];

  it('puts what the command line named first, then rank, then the most recent; noise apart, never dropped', () => {
    const s = failureSections(all, noFilter, classIndex(stats), ['ls', '/data/missing']);
    expect(s.important.map((g) => g.target)).toEqual(['/data/missing', '/selinux', '/etc/app.conf', '127.0.0.1:9', null]);
    expect(s.important[0]!.fromCommand).toBe(true);
    expect(s.noise.map((g) => g.target)).toEqual(['/lib/x86_64/libc.so.6']);
  });

  it('without a command line, rank and recency decide', () => {
    const s = failureSections(all, noFilter, classIndex(stats));
    expect(s.important.map((g) => g.target)).toEqual(['/selinux', '/etc/app.conf', '127.0.0.1:9', '/data/missing', null]);
  });

  it('filters by text (any field) and by class through the summary', () => {
    expect(failureSections(all, { classes: [], text: 'ECONNREF' }, classIndex(stats)).important).toEqual([{ ...refused, fromCommand: false }]);
    const files = failureSections(all, { classes: ['network'], text: '' }, classIndex(stats));
    expect(files.important.map((g) => g.name)).toEqual(['connect']);
    expect(files.noise).toEqual([]);
  });
});

describe('namedOnCommandLine', () => {
  it('matches exact paths, --opt=path, relative paths and trailing slashes', () => {
    expect(namedOnCommandLine('/home/u/.config/app', ['app', '--config=/home/u/.config/app'])).toBe(true);
    expect(namedOnCommandLine('/work/dir/data.txt', ['cat', './data.txt'])).toBe(true);
    expect(namedOnCommandLine('/srv/www', ['ls', '/srv/www/'])).toBe(true);
    expect(namedOnCommandLine('/selinux', ['ls', '/nonexistent'])).toBe(false);
    expect(namedOnCommandLine('/etc/x', ['prog', '-', 'x'])).toBe(false);
    expect(namedOnCommandLine(null, ['ls'])).toBe(false);
  });
});

describe('summaryRows', () => {
  it('computes share of time and µs per call like strace -c, with a total', () => {
    const { rows, total } = summaryRows(stats, noFilter);
    expect(rows.map((r) => r.name)).toEqual(['openat', 'connect', 'mmap']);
    expect(rows[0]!.percent).toBeCloseTo(75);
    expect(rows[0]!.microsPerCall).toBe(300);
    expect(rows[2]!.percent).toBe(0);
    expect(total).toMatchObject({ calls: 16, errors: 4, percent: 100, maxSeconds: 0.001 });
    expect(total.totalSeconds).toBeCloseTo(0.004);
  });
  it('recomputes shares within the filtered classes', () => {
    const { rows } = summaryRows(stats, { classes: ['network'], text: '' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.percent).toBe(100);
  });
});

describe('text forms', () => {
  const call: CallEvent = {
    kind: 'call',
    seq: 1,
    pid: 42,
    time: '10:00:00.000100',
    t: 36000.0001,
    source: 'syscall',
    name: 'openat',
    argsText: 'AT_FDCWD, "/home/u/.config/purplebox", O_RDONLY|O_DIRECTORY',
    args: ['AT_FDCWD', '"/home/u/.config/purplebox"', 'O_RDONLY|O_DIRECTORY'],
    ret: '-1',
    retAnnotation: null,
    errno: 'ENOENT',
    errnoText: 'No such file or directory',
    note: null,
    duration: 0.000012,
    state: 'complete',
    cls: 'file',
    target: '/home/u/.config/purplebox',
  };
  it('formats events the way strace prints them', () => {
    expect(formatEventLine(call)).toBe(
      '10:00:00.000100 [42] openat(AT_FDCWD, "/home/u/.config/purplebox", O_RDONLY|O_DIRECTORY) = -1 ENOENT (No such file or directory) <0.000012>',
    );
    expect(formatEventLine({ ...call, ret: null, errno: null, duration: null, state: 'unfinished' })).toMatch(/O_DIRECTORY\) <unfinished …>$/);
    expect(formatEventLine({ kind: 'exit', seq: 2, pid: 42, time: '10:00:01.000000', t: 1, code: null, signal: 'SIGSEGV', coreDumped: true })).toBe(
      '10:00:01.000000 [42] +++ killed by SIGSEGV (core dumped) +++',
    );
  });
  it('a failure copied as text names the call, the errno, the target and the plain sentence', () => {
    const text = failureText(group({ target: '/home/u/.config/purplebox', count: 2, lastTime: '10:00:02.000000' }));
    expect(text).toMatch(/^openat failed with ENOENT \(No such file or directory\) \/home\/u\/\.config\/purplebox\n/);
    expect(text).toContain('\n  it looked for this file and it does not exist.\n');
    expect(text).toContain('2 times, first 10:00:00.000001, last 10:00:02.000000');
  });
});

describe('small mappings', () => {
  it('sends each recipe to the view that answers it', () => {
    expect(FOCUS_VIEW.inFlight).toBe('end');
    expect(FOCUS_VIEW.network).toBe('network');
  });
  it('sizes the first terminal from its box, within bounds', () => {
    expect(estimateTerminalSize(1024, 360)).toEqual({ cols: 128, rows: 20 });
    expect(estimateTerminalSize(0, 0)).toEqual({ cols: 20, rows: 5 });
  });
});
