import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CallEvent, TraceEvent } from '../contract/trace.js';
import { TraceEvent as TraceEventSchema } from '../contract/trace.js';
import { createEventParser } from './event-parser.js';

function parseAll(text: string, tool: 'strace' | 'ltrace' = 'strace'): TraceEvent[] {
  const events: TraceEvent[] = [];
  const p = createEventParser(tool, (e) => events.push(e));
  for (const line of text.split('\n')) p.line(line);
  p.end();
  return events;
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('createEventParser', () => {
  it('joins <unfinished ...> with <... resumed> per pid, even interleaved across pids', () => {
    const events = parseAll(
      [
        '10 10:00:00.000001 read(3</etc/a>,  <unfinished ...>',
        '11 10:00:00.000002 openat(AT_FDCWD</home/u>, "cfg", O_RDONLY <unfinished ...>',
        '10 10:00:00.000003 <... read resumed>"abc", 4096) = 3 <0.000002>',
        '11 10:00:00.000004 <... openat resumed>) = -1 ENOENT (No such file or directory) <0.000003>',
      ].join('\n'),
    );
    const calls = events.filter((e): e is CallEvent => e.kind === 'call');
    expect(calls.map((c) => [c.pid, c.name, c.state, c.time])).toEqual([
      [10, 'read', 'complete', '10:00:00.000001'],
      [11, 'openat', 'complete', '10:00:00.000002'],
    ]);
    expect(calls[0]!.args).toEqual(['3</etc/a>', '"abc"', '4096']);
    expect(calls[1]).toMatchObject({ errno: 'ENOENT', target: '/home/u/cfg', cls: 'file' });
  });

  it('emits an unfinished call when its process dies, then the exit', () => {
    const events = parseAll('5 10:00:00.1 read(0,  <unfinished ...>\n5 10:00:00.2 +++ killed by SIGKILL +++');
    expect(events.map((e) => e.kind)).toEqual(['call', 'exit']);
    expect(events[0]).toMatchObject({ state: 'unfinished', ret: null, name: 'read' });
  });

  it('joins every pair of a real multi-process trace and produces only schema-valid events', () => {
    const text = fixture('strace-pipeline-segv.txt');
    const unfinished = (text.match(/<unfinished \.\.\.>/g) ?? []).length;
    const events = parseAll(text);
    const calls = events.filter((e): e is CallEvent => e.kind === 'call');
    expect(unfinished).toBeGreaterThan(10);
    expect(calls.filter((c) => c.state !== 'complete')).toEqual([]);
    expect(events.filter((e) => e.kind === 'other')).toEqual([]);
    expect(events.filter((e) => e.kind === 'exit').length).toBe(4);
    expect(events.find((e) => e.kind === 'exit' && e.signal === 'SIGSEGV')).toBeTruthy();
    for (const e of events) expect(TraceEventSchema.safeParse(e).success).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });

  it('parses a real ltrace capture without leftovers', () => {
    const events = parseAll(fixture('ltrace-pipeline-segv.txt'), 'ltrace');
    const calls = events.filter((e): e is CallEvent => e.kind === 'call');
    expect(calls.length).toBeGreaterThan(500);
    expect(calls.every((c) => c.cls === 'library' && c.source === 'library')).toBe(true);
    // ltrace shows a forked child's side of fork() as `<... fork resumed>` with no start in that pid.
    const orphans = calls.filter((c) => c.state === 'orphan');
    expect(orphans.length).toBeLessThan(10);
    expect(orphans.every((c) => c.ret !== null)).toBe(true);
    expect(orphans.map((c) => c.name)).toContain('fork');
    // `<no return ...>` calls (exec, exit) stay unfinished with no return value.
    expect(calls.filter((c) => c.state === 'unfinished').every((c) => c.ret === null)).toBe(true);
    expect(events.find((e) => e.kind === 'exit' && e.signal === 'SIGSEGV')).toBeTruthy();
  });

  it('keeps a detached call from a trace that stopped mid-line', () => {
    const events = parseAll(fixture('strace-attach-detached.txt'));
    expect(events).toEqual([expect.objectContaining({ kind: 'call', name: 'wait4', state: 'detached', ret: null })]);
  });

  it('reports in-flight calls', () => {
    const p = createEventParser('strace', () => {});
    p.line('9 10:00:00.1 futex(0x7f, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>');
    expect(p.inFlight()).toEqual([{ pid: 9, time: '10:00:00.1', name: 'futex', argsText: '0x7f, FUTEX_WAIT_PRIVATE, 0, NULL' }]);
  });
});
