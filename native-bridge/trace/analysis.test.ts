import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraceAnalysis } from '../contract/trace.js';
import { formatTraceSummary } from '../cli/format/trace.js';
import { createTraceEngine } from './trace-engine.js';

function analyse(name: string, tool: 'strace' | 'ltrace' = 'strace', storeCapacity?: number) {
  const engine = createTraceEngine({ tool, storeCapacity });
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const lines = text.split('\n');
  engine.setPartial(lines.pop() ?? '');
  engine.lines(lines);
  engine.end();
  return engine;
}

describe('analysis on real captures', () => {
  it('purplebox: names the missing directory as why it ended', () => {
    const a = analyse('strace-purplebox.txt').analysis();
    expect(TraceAnalysis.safeParse(a).success).toBe(true);
    expect(a.end).toMatchObject({ state: 'exited', code: 1 });
    const last = a.end!.lastFailures.at(-1)!;
    expect(last).toMatchObject({ name: 'openat', errno: 'ENOENT', target: '/root/.config/purplebox' });
    expect(last.sentence).toBe('it looked for this directory and it does not exist');
    expect(a.end!.sentence).toContain('/root/.config/purplebox');
    expect(a.failures[0]).toMatchObject({ errno: 'ENOENT', target: '/root/.config/purplebox', noise: false });
    // The loader's probe of /etc/ld.so.preload is there, but marked as noise and ranked below.
    const preload = a.failures.find((f) => f.target === '/etc/ld.so.preload');
    expect(preload).toMatchObject({ noise: true });
    expect(a.failures.indexOf(preload!)).toBeGreaterThan(0);
  });

  it('connect to a closed port: ECONNREFUSED in the network view', () => {
    const a = analyse('strace-connect-refused.txt').analysis();
    expect(a.network).toEqual([
      expect.objectContaining({ op: 'connect', address: '127.0.0.1:1', family: 'AF_INET', lastErrno: 'ECONNREFUSED', results: { ok: 0, errors: { ECONNREFUSED: 1 } } }),
    ]);
    expect(a.network[0]!.sentence).toBe('it could not connect to 127.0.0.1:1: connection refused (nothing listens there)');
    expect(a.end).toMatchObject({ code: 2 });
    expect(a.end!.sentence).toContain('ECONNREFUSED');
  });

  it('files, processes, summary and slowest calls of a pipeline killed by SIGSEGV', () => {
    const engine = analyse('strace-pipeline-segv.txt');
    const a = engine.analysis();
    expect(a.end).toMatchObject({ state: 'killed', signal: 'SIGSEGV', coreDumped: false, lastSignal: 'SIGSEGV' });
    expect(a.end!.sentence).toMatch(/killed by SIGSEGV/);
    const hostname = a.files.find((f) => f.path === '/etc/hostname');
    expect(hostname?.ops).toEqual(expect.arrayContaining(['openat', 'read', 'close']));
    const cat = a.processes.find((p) => p.execs.some((e) => e.path === '/usr/bin/cat'));
    expect(cat?.execs.find((e) => e.path === '/usr/bin/cat')?.argv).toEqual(['cat', '/etc/hostname']);
    expect(cat?.parentPid).toBe(a.end!.pid);
    expect(cat?.exit).toMatchObject({ code: 0 });
    const summary = new Map(a.summary.map((s) => [s.name, s]));
    expect(summary.get('openat')!.calls).toBeGreaterThan(5);
    expect(summary.get('clock_nanosleep')!.maxSeconds).toBeGreaterThan(0.09);
    expect(a.slowest[0]!.name).toBe('clock_nanosleep');
    // PATH lookups that miss before finding /usr/bin/cat are part of the search: noise.
    expect(a.failures.find((f) => f.target === '/usr/local/bin/cat')).toMatchObject({ noise: true });
    expect(a.failures.every((f, i, all) => i === 0 || Number(all[i - 1]!.noise) <= Number(f.noise))).toBe(true);
  });

  it('caps the in-memory store and counts what is on disk only', () => {
    const engine = analyse('strace-pipeline-segv.txt', 'strace', 100);
    expect(engine.store.size).toBe(100);
    expect(engine.store.olderOnDisk).toBe(engine.store.total - 100);
    const q = engine.query({ failedOnly: true, limit: 5 });
    expect(q.events.every((e) => e.kind === 'call' && e.errno !== null)).toBe(true);
    const files = engine.query({ classes: ['network'] });
    expect(files.matched).toBe(0);
  });

  it('formats the CLI summary', () => {
    const a = analyse('strace-connect-refused.txt').analysis();
    const text = formatTraceSummary(a, { command: ['helper', 'connect', '1'], capturePath: '/tmp/x/capture.strace', tool: 'strace' });
    expect(text).toContain('WHY DID IT END');
    expect(text).toContain('connect 127.0.0.1:1 (AF_INET)  refused×1');
    expect(text).toContain('Trace of: helper connect 1');
    expect(text).not.toContain('ld.so.preload');
    expect(formatTraceSummary(a, undefined, { includeNoise: true })).toContain('ld.so.preload');
  });
});
