import { describe, expect, it } from 'vitest';
import { nextStepHref } from './links.js';

describe('next-step links', () => {
  it('carry the process and the filter a view takes', () => {
    const target = { pid: 4321, startTime: 99, name: 'api' };
    expect(nextStepHref({ label: 'x', view: 'processes', target })).toBe('#/processes?pid=4321&start=99');
    expect(nextStepHref({ label: 'x', view: 'network', target, filter: { state: 'CLOSE_WAIT', text: '4321' } })).toBe('#/network?pid=4321&start=99&state=CLOSE_WAIT&q=4321');
    expect(nextStepHref({ label: 'x', view: 'network', target: null, filter: { state: 'SYN_SENT', text: '[fd00::1]:80' } })).toBe('#/network?state=SYN_SENT&q=%5Bfd00%3A%3A1%5D%3A80');
    expect(nextStepHref({ label: 'x', view: 'memory', target: null })).toBe('#/memory');
  });
});
