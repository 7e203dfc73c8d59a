import { describe, expect, it } from 'vitest';
import { TriageError } from '../../native-bridge/contract/index.js';
import { describeError, errorCode, errorDetail } from './errors.js';

describe('describeError', () => {
  it("gives a call's TriageError, a stream's shape and a bug's Error the same way: their message", () => {
    expect(describeError(new TriageError('ESRCH', 'Process 42 already exited.'))).toBe('Process 42 already exited.');
    expect(describeError({ code: 'NOT_FOUND', message: 'That terminal is closed.' })).toBe('That terminal is closed.');
    expect(describeError(new RangeError('bad range'))).toBe('bad range');
  });

  it('never says "[object Object]", "undefined" or nothing', () => {
    const fallback = 'Something went wrong and Triage was given no explanation for it.';
    expect(describeError({})).toBe(fallback);
    expect(describeError(undefined)).toBe(fallback);
    expect(describeError(null)).toBe(fallback);
    expect(describeError(new Error(''))).toBe(fallback);
    expect(describeError('plain words')).toBe('plain words');
    expect(describeError(7)).toBe('7');
  });
});

describe('errorCode', () => {
  it("is the contract's code, or null for anything else", () => {
    expect(errorCode(new TriageError('ESRCH', 'gone'))).toBe('ESRCH');
    expect(errorCode({ code: 'EPERM', message: 'no' })).toBe('EPERM');
    // A Node errno that is not one of the contract's codes is not something a feature can act on.
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeNull();
    expect(errorCode(new Error('x'))).toBeNull();
    expect(errorCode(null)).toBeNull();
  });

  it('errorDetail is the longer text a TriageError carries, or null', () => {
    expect(errorDetail(new TriageError('TOOL_MISSING', 'gdb failed', 'stderr text'))).toBe('stderr text');
    expect(errorDetail(new TriageError('TOOL_MISSING', 'gdb failed'))).toBeNull();
  });
});
