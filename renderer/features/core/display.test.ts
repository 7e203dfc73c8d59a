import { describe, expect, it } from 'vitest';
import type { CoreStackFrame, CoreThreadStack, CrashEntry } from '../../../native-bridge/contract/index.js';
import { CoreExecutableMatch } from '../../../native-bridge/contract/index.js';
import { formatTimestamp } from '../../app/format.js';
import {
  baseName,
  executableMatch,
  firstFrameWithSource,
  formatLimit,
  frameArgs,
  frameLocation,
  orderThreads,
  signalLabel,
  sortCrashes,
  threadTitle,
  willDumpBadge,
} from './display.js';

function frame(level: number, over: Partial<CoreStackFrame> = {}): CoreStackFrame {
  return { level, address: `0x${(0x1000 + level).toString(16)}`, function: null, args: [], file: null, fullPath: null, line: null, library: null, ...over };
}

function thread(id: number, crashed = false, frames: CoreStackFrame[] = [frame(0)]): CoreThreadStack {
  return { id, lwp: 1000 + id, name: null, targetId: `Thread ${id}`, crashed, frames, truncated: false };
}

function crash(over: Partial<CrashEntry>): CrashEntry {
  return {
    source: 'file', path: '/tmp/core', program: 'p', commandLine: null, pid: 1, signal: 11, signalName: 'SIGSEGV', timeMs: 0,
    sizeBytes: 1, executable: null, executableMatch: 'unknown', openable: true, note: null, ...over,
  };
}

describe('thread ordering', () => {
  it('puts the crashing thread first and the others in gdb order', () => {
    const threads = [thread(3), thread(1), thread(4, true), thread(2)];
    expect(orderThreads(threads, 4).map((t) => t.id)).toEqual([4, 1, 2, 3]);
  });

  it('trusts crashedThreadId over the per-thread flag, and falls back to the flag when unknown', () => {
    const threads = [thread(1, true), thread(2), thread(3)];
    expect(orderThreads(threads, 3).map((t) => t.id)).toEqual([3, 1, 2]);
    expect(orderThreads([thread(2), thread(5, true), thread(1)], null).map((t) => t.id)).toEqual([5, 1, 2]);
  });

  it('a live capture without a crashing thread keeps every thread, in order', () => {
    expect(orderThreads([thread(2), thread(1)], null).map((t) => t.id)).toEqual([1, 2]);
  });

  it('does not reorder the array it was given', () => {
    const threads = [thread(2), thread(1, true)];
    orderThreads(threads, 1);
    expect(threads.map((t) => t.id)).toEqual([2, 1]);
  });
});

describe('frames as text', () => {
  it('shows arguments like gdb, the type when the value is gone', () => {
    const f = frame(1, { function: 'parse_config', args: [{ name: 'text', type: 'const char *', value: '0x0' }, { name: 'n', type: 'int', value: null }] });
    expect(frameArgs(f)).toBe('text=0x0, n=<int>');
  });

  it('gives file:line when known, the file alone otherwise, and nothing without source', () => {
    expect(frameLocation(frame(0, { file: 'crash.c', line: 6 }))).toBe('crash.c:6');
    expect(frameLocation(frame(0, { file: 'crash.c' }))).toBe('crash.c');
    expect(frameLocation(frame(0, { library: '/lib/libc.so.6' }))).toBe('');
  });

  it('the first frame with source is the first one the user can read', () => {
    const t = thread(1, true, [frame(0, { function: '__strlen_evex' }), frame(1, { function: 'parse_config', file: 'c.c', line: 6 }), frame(2, { function: 'main', file: 'c.c', line: 12 })]);
    expect(firstFrameWithSource(t)?.function).toBe('parse_config');
    expect(firstFrameWithSource(thread(2))).toBeNull();
  });

  it('titles a thread with its LWP and name', () => {
    expect(threadTitle({ ...thread(2), name: 'worker' })).toBe('Thread 2 (LWP 1002) "worker"');
    expect(threadTitle({ ...thread(1), lwp: null })).toBe('Thread 1');
  });
});

describe('crash list cells', () => {
  it('has a label and a hint for every executable match the contract knows', () => {
    for (const match of CoreExecutableMatch.options) {
      const shown = executableMatch(match);
      expect(shown.label.length, match).toBeGreaterThan(0);
      expect(shown.hint.length, match).toBeGreaterThan(0);
    }
    expect(executableMatch('different-build').tone).toBe('bad');
    expect(executableMatch('same-build').tone).toBe('ok');
  });

  it('names signals, with the number when there is one', () => {
    expect(signalLabel({ signal: 6, signalName: 'SIGABRT' })).toBe('SIGABRT (6)');
    expect(signalLabel({ signal: 40, signalName: null })).toBe('signal 40');
    expect(signalLabel({ signal: null, signalName: null })).toBe('—');
  });

  it('sorts newest first with unknown times last', () => {
    const sorted = sortCrashes([crash({ pid: 1, timeMs: 10 }), crash({ pid: 2, timeMs: null }), crash({ pid: 3, timeMs: 30 })]);
    expect(sorted.map((c) => c.pid)).toEqual([3, 1, 2]);
  });

  it('formats local times and names', () => {
    const when = new Date(2024, 0, 5, 7, 8, 9).getTime();
    expect(formatTimestamp(when)).toBe('2024-01-05 07:08:09');
    expect(formatTimestamp(null)).toBe('—');
    expect(baseName('/usr/bin/prog')).toBe('prog');
    expect(baseName(null)).toBe('—');
  });
});

describe('status words', () => {
  it('reads limits the way ulimit means them', () => {
    expect(formatLimit(null)).toBe('unlimited');
    expect(formatLimit(0)).toBe('0 (off)');
    expect(formatLimit(1024 * 1024)).toBe('1.0 MiB');
  });

  it('badges the three answers differently', () => {
    const labels = (['yes', 'no', 'depends'] as const).map((willDump) => willDumpBadge({ willDump }).label);
    expect(new Set(labels).size).toBe(3);
    expect(willDumpBadge({ willDump: 'no' }).tone).toBe('bad');
  });
});
