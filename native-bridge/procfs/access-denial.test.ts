import { describe, expect, it } from 'vitest';
import { classifyDenial, parseTargetFacts } from './access-denial.js';

// Real text shapes from /proc: kthreadd (flags with PF_KTHREAD) and a root process with every capability.
const KTHREADD_STAT = '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0';
const INIT_STAT = '1 (init) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0';
const status = (uid: number, capPrm: string): string => `Name:\tinit\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nCapPrm:\t${capPrm}\n`;

describe('classifyDenial', () => {
  it('a kernel thread is named as such, for root and for anyone', () => {
    const facts = parseTargetFacts(KTHREADD_STAT, status(0, '000001ffffffffff'), 0);
    expect(facts.kernelThread).toBe(true);
    expect(classifyDenial(facts, { euid: 1000, effectiveCaps: 0n }, 2, 'stack').reason).toBe('kernel-thread');
    expect(classifyDenial(facts, { euid: 0, effectiveCaps: 0x1ffffffffffn }, 2, 'stack').sentence).toMatch(/kthreadd \(pid 2\) is a kernel thread/);
  });

  it('another user: a normal user is offered administrator rights', () => {
    const d = classifyDenial(parseTargetFacts(INIT_STAT, status(0, '000001ffffffffff'), 0), { euid: 1000, effectiveCaps: 0n }, 1, 'open files');
    expect(d.reason).toBe('another-user');
    expect(d.sentence).toMatch(/belongs to another user.*administrator rights/);
  });

  it('root refused by a more privileged process is told why, never to become root', () => {
    const d = classifyDenial(
      parseTargetFacts(INIT_STAT, status(0, '000001ffffffffff'), 0),
      { euid: 0, effectiveCaps: 0x1fffeffffffn },
      1,
      'open files',
    );
    expect(d.reason).toBe('more-privileged');
    expect(d.sentence).toMatch(/even as root/);
    expect(d.sentence).not.toMatch(/administrator|pkexec|sudo/);
  });

  it('root with every capability refused anyway: a security module', () => {
    const d = classifyDenial(parseTargetFacts(INIT_STAT, status(0, '000001ffffffffff'), 0), { euid: 0, effectiveCaps: 0x1ffffffffffn }, 1, 'open files');
    expect(d.reason).toBe('security-module');
    expect(d.sentence).not.toMatch(/administrator|pkexec|sudo/);
  });

  it('a same-user process that made itself private (its /proc directory is root\'s)', () => {
    const d = classifyDenial(parseTargetFacts(INIT_STAT, status(1000, '0000000000000000'), 0), { euid: 1000, effectiveCaps: 0n }, 1, 'open files');
    expect(d.reason).toBe('more-privileged');
  });
});
