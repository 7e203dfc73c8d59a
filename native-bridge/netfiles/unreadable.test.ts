import { describe, expect, it } from 'vitest';
import { describeUnreadable } from './unreadable.js';

describe('describeUnreadable', () => {
  it('says nothing when everything was read', () => {
    expect(describeUnreadable(0, 0, 'sockets').sentence).toBeNull();
  });
  it('offers administrator rights to a normal user', () => {
    expect(describeUnreadable(1, 0, 'processes', 1000).sentence).toBe(
      '1 process Triage may not inspect is not shown; run Triage with administrator rights (it offers pkexec) to see them.',
    );
  });
  it('never tells root to become root: it says what stopped it', () => {
    for (const noun of ['sockets', 'files', 'processes'] as const) {
      const sentence = describeUnreadable(2, 3, noun, 0).sentence!;
      expect(sentence).not.toMatch(/administrator|pkexec|sudo/);
      expect(sentence).toMatch(/even to root/);
    }
    expect(describeUnreadable(2, 1, 'sockets', 0).sentence).toMatch(/^1 socket belongs to/);
  });
});
