import { describe, expect, it } from 'vitest';
import { processesContract, ProcessTableMessage } from '../contract/processes.js';

/** The flat test inputs below, in processes.act's shape: the action's own fields move into `action`. */
function actOf(kind: string, v: Record<string, unknown>): unknown {
  const { pid, startTime, force, ...rest } = v;
  const extra = Object.keys(v).filter((k) => !['pid', 'startTime', 'force', 'signal', 'nice'].includes(k));
  const outer: Record<string, unknown> = { pid, startTime, action: { kind, ...rest } };
  if (force !== undefined) outer.force = force;
  // Keys that belong to neither stay on the outer object, where .strict() must refuse them.
  for (const k of extra) outer[k] = v[k];
  return outer;
}

describe('processes contract schemas', () => {
  const act = processesContract['processes.act'].input;
  const signal = { safeParse: (v: Record<string, unknown>) => act.safeParse(actOf('signal', v)) };

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
    const renice = { safeParse: (v: Record<string, unknown>) => act.safeParse(actOf('renice', v)) };
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: 19 }).success).toBe(true);
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: 20 }).success).toBe(false);
    expect(renice.safeParse({ pid: 5, startTime: 5, nice: -20.5 }).success).toBe(false);
    const idle = act.parse({ pid: 5, startTime: 5, action: { kind: 'ionice', class: 'idle' } }).action;
    expect(idle.kind === 'ionice' && idle.level).toBe(4);
    expect(act.safeParse({ pid: 5, startTime: 5, action: { kind: 'ionice', class: 'best-effort', level: 8 } }).success).toBe(false);
    expect(act.safeParse({ pid: 5, startTime: 5, action: { kind: 'renice', signal: 'TERM' } }).success).toBe(false);
  });

  it('a delta message carries only the key plus changed fields', () => {
    const msg = { kind: 'delta', time: 1, intervalMs: 1000, ncpu: 2, totalMemoryBytes: 1, source: 'procfs', added: [], changed: [{ pid: 3, startTime: 9, cpu: 1 }], removed: [{ pid: 4, startTime: 1 }] };
    expect(ProcessTableMessage.safeParse(msg).success).toBe(true);
    expect(ProcessTableMessage.safeParse({ ...msg, changed: [{ cpu: 1 }] }).success).toBe(false);
  });
});
