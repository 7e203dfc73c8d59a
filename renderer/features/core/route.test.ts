import { describe, expect, it } from 'vitest';
import { corePathFromHash, liveBacktraceHref, parsePid, pidFromHash } from './route.js';
import { nextStepHref } from '../findings/links.js';

describe('pids typed or linked', () => {
  it('accepts whole numbers in the kernel range only', () => {
    expect(parsePid(' 1234 ')).toEqual({ ok: true, pid: 1234 });
    for (const bad of ['', 'abc', '12.5', '-1', '0', '1e3', '0x10', '4194305', '12 34']) {
      expect(parsePid(bad).ok, bad).toBe(false);
    }
    expect(parsePid('abc')).toEqual({ ok: false, error: 'A process id is a whole number, such as 1234.' });
  });

  it('reads the pid back from a process-table link, and ignores anything else', () => {
    expect(pidFromHash(liveBacktraceHref(4321))).toBe(4321);
    expect(pidFromHash('#/core')).toBeNull();
    expect(pidFromHash('#/core?pid=')).toBeNull();
    expect(pidFromHash('#/core?pid=-1')).toBeNull();
    expect(pidFromHash('#/core?other=1&pid=77')).toBe(77);
  });

  it("reads the core path back from a recent-crash finding's link, absolute paths only", () => {
    const href = nextStepHref({ label: 'Open', view: 'cores', target: null, filter: { text: '/tmp/run 1/core.42' } });
    expect(corePathFromHash(href)).toBe('/tmp/run 1/core.42');
    expect(corePathFromHash('#/core?q=core.42')).toBeNull();
    expect(corePathFromHash('#/core?pid=42')).toBeNull();
  });
});
