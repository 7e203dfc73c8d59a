import { describe, expect, it } from 'vitest';
import { processesContract, ProcessTableMessage } from '../contract/processes.js';

describe('processes contract schemas', () => {
  const signal = processesContract['processes.signal'].input;

  it('rejects a pid given as a string, a float, 0, -1 or above pid_max', () => {
    for (const pid of ['12', 1.5, 0, -1, 99_999_999, Number.NaN, null]) {
      expect(signal.safeParse({ pid, startTime: 5, signal: 'TERM' }).success).toBe(false);
    }
    expect(signal.safeParse({ pid: 4_194_304, startTime: 5, signal: 'TERM' }).success).toBe(true);
  });

  it('only allow-listed signal names, nice -20..19, ionice level 0..7, no extra keys', () => {
    expect(signal.safeParse({ pid: 5, startTime: 5, signal: 'SIGKILL' }).success).toBe(false);
    expect(signal.safeParse({ pid: 5, startTime: 5, signal: '9' }).success).toBe(false);
    expect(signal.safeParse({ pid: 5, startTime: 5, signal: 'TERM', extra: 1 }).success).toBe(false);
    expect(signal.safeParse(JSON.parse('{"pid":5,"startTime":5,"signal":"TERM","__proto__":{"polluted":1}}')).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const renice = processesContract['processes.renice'].input;
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: 19 }).success).toBe(true);
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: 20 }).success).toBe(false);
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: -20.5 }).success).toBe(false);
    const ionice = processesContract['processes.ionice'].input;
    expect(ionice.parse({ pid: 5, startTime: 5, class: 'idle' }).level).toBe(4);
    expect(ionice.safeParse({ pid: 5, startTime: 5, class: 'best-effort', level: 8 }).success).toBe(false);
  });

  it('a delta message carries only the key plus changed fields', () => {
    const msg = { kind: 'delta', time: 1, intervalMs: 1000, ncpu: 2, totalMemoryBytes: 1, source: 'procfs', added: [], changed: [{ pid: 3, startTime: 9, cpu: 1 }], removed: [{ pid: 4, startTime: 1 }] };
    expect(ProcessTableMessage.safeParse(msg).success).toBe(true);
    expect(ProcessTableMessage.safeParse({ ...msg, changed: [{ cpu: 1 }] }).success).toBe(false);
  });
});
