import { describe, expect, it } from 'vitest';
import { describeMembers } from './namespace-members.js';

describe('namespace members', () => {
  it('lists pid and name, and says how many processes the list leaves out', () => {
    const members = [
      { pid: 10, name: 'nginx' },
      { pid: 11, name: '' },
    ];
    expect(describeMembers({ members, processes: 2 })).toBe('10 nginx, 11');
    expect(describeMembers({ members, processes: 14 })).toBe('10 nginx, 11 and 12 more');
  });
});
