import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SystemSample } from '../contract/system.js';
import { SamplingClock } from './sampling-clock.js';
import { MetricsHub } from '../server/metrics-hub.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { createSlowTickGuard } from './slow-tick.js';
import { until } from '../../test-support/until.js';

/** Really takes `ms` of this thread (a tick that is slow, not one that says it is). */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('slow tick guard', () => {
  it('says nothing about a tick within the limit and returns what it returned', () => {
    const lines: string[] = [];
    const guard = createSlowTickGuard('test loop', { limitMs: 500, write: (l) => lines.push(l) });
    expect(guard.time(() => 42)).toBe(42);
    expect(lines).toEqual([]);
  });

  it('reports a tick longer than the limit once, with the loop and how long it took', () => {
    const lines: string[] = [];
    const guard = createSlowTickGuard('test loop', { limitMs: 50, write: (l) => lines.push(l) });
    guard.time(() => block(120));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^triage: test loop: a tick took \d+\.\d s \(more than 0\.1 s\); the loop goes on$/);
  });

  it('reports a slow tick that throws, and lets the error through to the loop', () => {
    const lines: string[] = [];
    const guard = createSlowTickGuard('test loop', { limitMs: 50, write: (l) => lines.push(l) });
    expect(() =>
      guard.time(() => {
        block(120);
        throw new Error('read failed');
      }),
    ).toThrow('read failed');
    expect(lines).toHaveLength(1);
  });

  it('holds back lines within the quiet period and counts them in the next one', async () => {
    const lines: string[] = [];
    const guard = createSlowTickGuard('test loop', { limitMs: 20, quietMs: 400, write: (l) => lines.push(l) });
    for (let i = 0; i < 3; i++) guard.time(() => block(40));
    expect(lines).toHaveLength(1);
    const quietEnds = performance.now() + 450;
    await until(() => performance.now() > quietEnds, 'the quiet period to pass');
    guard.time(() => block(40));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('(2 more since the last message)');
  });

  it('reports an asynchronous tick while it still hangs, once, and not again when it ends', async () => {
    const lines: string[] = [];
    const guard = createSlowTickGuard('test loop', { limitMs: 50, write: (l) => lines.push(l) });
    let finish: (value: string) => void = () => undefined;
    const running = guard.timeAsync(() => new Promise<string>((resolve) => (finish = resolve)));
    await until(() => lines.length > 0, 'the hanging tick to be reported');
    expect(lines[0]).toContain('test loop: a tick is still running after 0.1 s');
    finish('done');
    expect(await running).toBe('done');
    expect(lines).toHaveLength(1);
  });

  it('a closed stderr does not end the loop', () => {
    const guard = createSlowTickGuard('test loop', {
      limitMs: 10,
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(guard.time(() => (block(30), 'ok'))).toBe('ok');
  });
});

describe('a sampling loop with a tick longer than 2 s (real /proc sampler)', () => {
  it('logs one line to stderr and keeps sampling', async () => {
    const written: string[] = [];
    const realWrite = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      // Pass everything else through: only the line is collected.
      return realWrite(chunk, ...(rest as []));
    });
    const source = createSystemCollector();
    let calls = 0;
    const hub = new MetricsHub(new SamplingClock({ intervalMs: 250 }), async (): Promise<SystemSample> => {
      calls++;
      // The first tick is slow for real: it holds the event loop past the 2 s limit.
      if (calls === 1) block(2300);
      return source.sample();
    });
    const samples: SystemSample[] = [];
    const stop = hub.subscribe((m) => {
      if (m.kind === 'sample') samples.push(m.sample);
    });
    try {
      await until(() => samples.length >= 3, 'three samples after the slow one', 30_000);
      const lines = written.filter((l) => l.includes('triage: system metrics:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/a tick (took|is still running after) 2\.\d s/);
    } finally {
      stop();
    }
  });
});
