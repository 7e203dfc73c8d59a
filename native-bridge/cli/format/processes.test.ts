import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../contract/processes.js';
import { formatActionResult, formatBytes, formatCpuTime, formatProcessTable, sanitizeForTerminal } from './processes.js';
import { matchesFilter } from '../../common/processes-filter.js';
import { queryRows } from '../../processes/query.js';

const row = (pid: number, over: Partial<ProcessRow> = {}): ProcessRow => ({
  pid, startTime: pid, ppid: 1, startedAt: 0, uid: 0, user: 'root', name: `p${pid}`, state: 'S', cpu: 0, cpuMachine: 0,
  cpuTime: 0, rss: 0, shared: null, vsize: 0, swap: null, threads: 1, nice: 0, priority: 20, ioReadPerSec: null,
  ioWritePerSec: null, cmdline: '', ...over,
});

const rows = [
  row(10, { cpu: 5, rss: 300, name: 'firefox', cmdline: '/usr/bin/firefox --new', user: 'alice', cpuTime: 75.5 }),
  row(20, { cpu: 50, cpuMachine: 25, rss: 100, name: 'node', cmdline: 'node server.js', vsize: 2 * 1024 ** 3 }),
  row(30, { cpu: 0, rss: 900, name: 'kworker/0:1' }),
];

describe('query', () => {
  it('sorts, filters and limits', () => {
    expect(queryRows(rows, { sort: 'cpu' }).map((r) => r.pid)).toEqual([20, 10, 30]);
    expect(queryRows(rows, { sort: 'mem' }).map((r) => r.pid)).toEqual([30, 10, 20]);
    expect(queryRows(rows, { sort: 'pid', limit: 2 }).map((r) => r.pid)).toEqual([10, 20]);
    expect(queryRows(rows, { filter: 'ALICE' }).map((r) => r.pid)).toEqual([10]);
    expect(queryRows(rows, { filter: 'server.js' }).map((r) => r.pid)).toEqual([20]);
    expect(matchesFilter(rows[2]!, '30')).toBe(true);
    expect(matchesFilter(rows[2]!, '3')).toBe(false);
  });
});

describe('formatProcessTable', () => {
  it('prints a compact ps with a header, sorted and limited', () => {
    const text = formatProcessTable(rows, { sort: 'cpu', limit: 2 });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\s*PID\s+PPID\s+USER\s+S\s+NI\s+%CPU\s+RES\s+VIRT\s+TIME\s+COMMAND$/);
    expect(lines[1]).toMatch(/^\s*20\s+1\s+root\s+S\s+0\s+50\.0\s+100 B\s+2\.0 GiB\s+0:00\.00\s+node server\.js$/);
    expect(lines[2]).toContain('1:15.50 /usr/bin/firefox --new');
    expect(formatProcessTable(rows, { sort: 'cpu', limit: 1, machineCpu: true })).toContain(' 25.0 ');
    expect(formatProcessTable([rows[2]!])).toContain('[kworker/0:1]');
  });

  it('never lets a process name drive the terminal', () => {
    const evil = row(5, { cmdline: 'x\u001b]52;c;ZXZpbA==\u0007\nrm -rf' });
    const text = formatProcessTable([evil]);
    expect(text).not.toContain('\u001b');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
    expect(sanitizeForTerminal('a\u009bb\tc')).toBe('a?b?c');
  });

  it('action results: the sentence and the privileged command', () => {
    expect(formatActionResult({ ok: true, message: 'Stopped sleep (pid 5).', target: null })).toBe('ok: Stopped sleep (pid 5).\n');
    const text = formatActionResult({
      ok: false,
      code: 'EPERM',
      message: 'sleep (pid 5) belongs to another user: root.',
      target: null,
      privileged: { argv: ['sudo', '/usr/bin/kill', '-s', 'STOP', '5'], commandLine: 'sudo /usr/bin/kill -s STOP 5', pkexecAvailable: false },
    });
    expect(text).toBe('refused (EPERM): sleep (pid 5) belongs to another user: root.\n  to do it with more privilege: sudo /usr/bin/kill -s STOP 5\n');
  });

  it('units', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(null)).toBe('-');
    expect(formatCpuTime(3725)).toBe('1:02:05');
  });
});
