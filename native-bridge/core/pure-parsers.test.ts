import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseApportReport } from './apport-parse.js';
import { frameFromMi, lwpFromTargetId, orderThreads } from './backtrace.js';
import { corePathRegex, describeFileName, parseCorePattern } from './core-pattern.js';
import { parseCoredumpctlJson } from './coredumpctl-parse.js';
import { debugInfoNote } from './debug-note.js';
import { describeCoreStatus } from './describe-status.js';
import { parseCoreLimit } from '../procfs/parse-limits.js';
import { prlimitCoreArgument } from './limits.js';
import { parsePidStat } from '../procfs/parse-pid-stat.js';
import { parseStatus } from '../procfs/parse-status.js';
import { ptraceRefusal } from './live-backtrace.js';
import { miList, miString, parseMiLine } from './mi-parse.js';
import { describeSignal } from './signals.js';
import { sliceSource } from './source-context.js';
import { gdbWarnings } from './warnings.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('core_pattern', () => {
  it('reads a plain relative pattern with core_uses_pid', () => {
    const p = parseCorePattern('core\n', true);
    expect(p).toMatchObject({ handler: 'file', relative: true, directory: '.', appendsPid: true });
    expect(describeFileName(p)).toBe('core.<pid>');
    expect(corePathRegex(p, { pid: 42 })!.test('core.42')).toBe(true);
    expect(corePathRegex(p, { pid: 42 })!.test('core.43')).toBe(false);
  });

  it('reads an absolute pattern whose folder holds a specifier', () => {
    const p = parseCorePattern('/var/cores/%u/core.%e.%p.%t', true);
    expect(p).toMatchObject({ handler: 'file', relative: false, directory: '/var/cores', appendsPid: false });
    expect(describeFileName(p)).toBe('<uid>/core.<program>.<pid>.<time>');
    expect(corePathRegex(p, { pid: 7, program: 'crashy', uid: 0 })!.test('0/core.crashy.7.1732622400')).toBe(true);
  });

  it('recognises systemd-coredump, apport, other pipes and an empty pattern', () => {
    expect(parseCorePattern('|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h', false)).toMatchObject({
      handler: 'systemd-coredump', pipeProgram: '/usr/lib/systemd/systemd-coredump',
    });
    expect(parseCorePattern('|/usr/share/apport/apport -p%p -s%s -c%c -d%d -P%P -u%u -g%g -- %E', false).handler).toBe('apport');
    expect(parseCorePattern('|/usr/local/bin/mycollector %p', false).handler).toBe('pipe');
    expect(parseCorePattern('\n', false).handler).toBe('none');
    // %% is a literal percent, so this pattern has no %p and gets ".PID" appended.
    expect(parseCorePattern('core.%%p', true).appendsPid).toBe(true);
  });
});

describe('core limits and status words', () => {
  it('parses the Max core file size line', () => {
    const limit = parseCoreLimit(fixture('limits-core-zero.txt'));
    expect(limit).toEqual({ soft: 0, hard: null });
    expect(prlimitCoreArgument(limit!)).toBe('--core=unlimited:');
    expect(prlimitCoreArgument({ soft: 0, hard: 1024 })).toBe('--core=1024:');
    expect(prlimitCoreArgument({ soft: 0, hard: 0 })).toBeNull();
    expect(parseCoreLimit('Max open files 1024 4096 files\n')).toBeNull();
  });

  it('says cores are off when the limit is 0, where they would go, and how to turn them on', () => {
    const s = describeCoreStatus({ corePattern: 'core', usesPid: false, limit: { soft: 0, hard: null }, pidLimit: null, prlimitAvailable: true });
    expect(s.willDump).toBe('no');
    expect(s.summary).toMatch(/off.*limit is 0/);
    expect(s.where).toMatch(/working folder/);
    expect(s.howToEnable.forSession).toBe('ulimit -c unlimited');
    expect(s.howToEnable.forOneProgram).toMatch(/Run with crash capture/);
    expect(s.launchUnavailable).toBeNull();
  });

  it('explains systemd-coredump, a hard limit of 0, and a process whose own limit is 0', () => {
    const s = describeCoreStatus({
      corePattern: '|/usr/lib/systemd/systemd-coredump %P',
      usesPid: false,
      limit: { soft: null, hard: null },
      pidLimit: { pid: 99, soft: 0, hard: 0 },
      prlimitAvailable: false,
    });
    expect(s.handler).toBe('systemd-coredump');
    expect(s.where).toMatch(/coredumpctl/);
    expect(s.summary).toMatch(/Process 99 has its core limit at 0/);
    expect(s.launchUnavailable).toMatch(/apt-get install util-linux/);
    const hard = describeCoreStatus({ corePattern: 'core', usesPid: false, limit: { soft: 0, hard: 0 }, pidLimit: null, prlimitAvailable: true });
    expect(hard.howToEnable.note).toMatch(/only root can raise it/);
    expect(hard.howToEnable.forOneProgram).toMatch(/Not possible/);
  });
});

describe('GDB/MI parsing', () => {
  const lines = fixture('mi-lines.txt').split('\n');

  it('parses results, nested tuples, lists of results and C-string escapes', () => {
    const info = parseMiLine(lines[0]!);
    expect(info.kind).toBe('result');
    if (info.kind !== 'result') return;
    expect(info.token).toBe(1);
    expect(miString(info.results, 'current-thread-id')).toBe('1');
    const thread = miList(info.results, 'threads')[0];
    expect(lwpFromTargetId(miString(thread, 'target-id')!)).toBe(8850);

    const frames = parseMiLine(lines[1]!);
    const args = parseMiLine(lines[2]!);
    if (frames.kind !== 'result' || args.kind !== 'result') throw new Error('expected results');
    const argFrames = miList(args.results, 'stack-args');
    const f0 = frameFromMi(miList(frames.results, 'stack')[0]!, argFrames[0]);
    const f1 = frameFromMi(miList(frames.results, 'stack')[1]!, argFrames[1]);
    expect(f0.function).toBeNull();
    expect(f1).toMatchObject({ function: 'parse_config', fullPath: '/x/c.c', line: 6 });
    // Octal escapes are UTF-8 bytes: \303\251 is "é".
    expect(f1.args[0]).toEqual({ name: 'text', type: 'const char *', value: '0x4006f4 "café \\"quoted\\"\\n"' });
  });

  it('parses streams, errors and prompts, and survives hostile or broken lines', () => {
    expect(parseMiLine(lines[3]!)).toEqual({ kind: 'stream', type: '~', text: 'Program terminated with signal SIGSEGV, Segmentation fault.\n' });
    const err = parseMiLine(lines[4]!);
    expect(err.kind === 'result' && err.resultClass).toBe('error');
    const weird = parseMiLine(lines[5]!);
    expect(weird.kind).toBe('result');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseMiLine('(gdb) ').kind).toBe('prompt');
    expect(parseMiLine(lines[8]!).kind).toBe('other');
    expect(parseMiLine(lines[9]!).kind).toBe('other');
  });
});

describe('signals, warnings, source, symbols', () => {
  it('explains SIGSEGV at NULL and a SIGABRT from abort()', () => {
    const segv = describeSignal(11, 1, 0n);
    expect(segv.summary).toBe('Invalid memory access at address 0x0 (a NULL pointer was used).');
    expect(segv.codeMeaning).toBe('the address is not mapped');
    const abrt = describeSignal(6, -6, null);
    expect(abrt.summary).toMatch(/aborted itself/);
    expect(abrt.address).toBeNull();
    // A SIGSEGV sent with kill carries a pid, not an address.
    expect(describeSignal(11, 0, 1234n).address).toBeNull();
    expect(describeSignal(8, 1, 0x401000n).summary).toMatch(/integer divide by zero/);
  });

  it('keeps useful gdb warnings and drops known noise', () => {
    const log = "\nwarning: \nUnexpected size of section `.reg-xstate/1' in core file.\n\nwarning: \ncore file may not match specified executable file.\n";
    expect(gdbWarnings(log.replace(/warning: \n/g, 'warning: '))).toEqual(['core file may not match specified executable file.']);
  });

  it('slices source lines around a line', () => {
    const text = Array.from({ length: 20 }, (_v, i) => `line ${i + 1}`).join('\n');
    const lines = sliceSource(text, 2, 5);
    expect(lines[0]).toEqual({ number: 1, text: 'line 1' });
    expect(lines.at(-1)).toEqual({ number: 7, text: 'line 7' });
  });

  it('notes missing symbols for a stripped program and for libraries', () => {
    const frame = { level: 1, address: '0x1', function: null, args: [], file: null, fullPath: null, line: null, library: null };
    const note = debugInfoNote([frame], { path: '/home/u/app', hasDebugInfo: false, hasSymbols: false });
    expect(note.missing).toBe(true);
    expect(note.advice).toMatch(/-g/);
    const packaged = debugInfoNote([{ ...frame, library: '/lib/libfoo.so' }], { path: '/usr/bin/app', hasDebugInfo: false, hasSymbols: true });
    expect(packaged.objects).toEqual(['/lib/libfoo.so', '/usr/bin/app']);
    expect(packaged.advice).toMatch(/dbgsym.*debuginfod/s);
    expect(debugInfoNote([{ ...frame, function: 'main' }], { path: '/x', hasDebugInfo: true, hasSymbols: true }).missing).toBe(false);
  });

  it('orders the crashed thread first', () => {
    const t = (id: number) => ({ id, lwp: id, name: null, targetId: `LWP ${id}`, crashed: false, frames: [], truncated: false });
    expect(orderThreads([t(1), t(2), t(3)], 3).map((x) => [x.id, x.crashed])).toEqual([[3, true], [1, false], [2, false]]);
  });
});

describe('/proc text for live capture', () => {
  it('reads start time, state and tracer even with a hostile comm', () => {
    const stat = '123 (a) b) c) S 1 123 123 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 100';
    expect(parsePidStat(stat)).toMatchObject({ comm: 'a) b) c', startTime: 98765, state: 'S' });
    expect(parseStatus('Name:\tx\nTracerPid:\t4321\n').tracerPid).toBe(4321);
    expect(ptraceRefusal(5, 1)).toMatch(/ptrace_scope = 1.*gdb --args/s);
  });
});

describe('other crash sources', () => {
  it('reads coredumpctl JSON', () => {
    const entries = parseCoredumpctlJson(fixture('coredumpctl-list.json'));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ source: 'coredumpctl', pid: 4242, signal: 11, signalName: 'SIGSEGV', program: 'crashy', timeMs: 1732622400123, openable: false });
    expect(entries[0]!.note).toMatch(/coredumpctl dump 4242/);
    expect(entries[1]).toMatchObject({ signal: 6, sizeBytes: null });
    expect(entries[1]!.note).toMatch(/kept no core/);
    expect(parseCoredumpctlJson('not json')).toEqual([]);
  });

  it('reads an apport report header', () => {
    const r = parseApportReport(fixture('apport-report.crash'));
    expect(r).toMatchObject({ executable: '/usr/bin/crashy', commandLine: 'crashy --config /etc/crashy.conf', signal: 11, pid: 4242, hasCore: true });
    expect(r.timeMs).not.toBeNull();
  });
});
