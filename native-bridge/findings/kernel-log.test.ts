import { describe, expect, it } from 'vitest';
import { parseKmsgRecord } from '../shared/kmsg.js';
import { kernelEvent } from './kernel-log.js';

const BOOT = 1_700_000_000_000;

describe('kernel log records', () => {
  it('reads an OOM kill (global and cgroup) with its pid, name and time', () => {
    const record = parseKmsgRecord('3,812,5000000,-;Memory cgroup out of memory: Killed process 4242 (python3) total-vm:215000kB, anon-rss:32000kB\n SUBSYSTEM=x\n');
    expect(record).toEqual({ facility: 0, usec: 5_000_000, message: 'Memory cgroup out of memory: Killed process 4242 (python3) total-vm:215000kB, anon-rss:32000kB' });
    expect(kernelEvent(record!, BOOT)).toMatchObject({ kind: 'oom-kill', pid: 4242, name: 'python3', time: BOOT + 5000 });
    expect(kernelEvent(parseKmsgRecord('3,1,1,-;Out of memory: Killed process 7 (my prog) total-vm:1kB')!, BOOT)).toMatchObject({ pid: 7, name: 'my prog' });
  });

  it('reads a segfault and a general protection fault', () => {
    const seg = parseKmsgRecord('6,900,12000000,-;crash-parse[4678]: segfault at 0 ip 00007f56 sp 00007ffe error 4 in libc.so.6[167ad8,7f5621fe9000+156000]');
    expect(kernelEvent(seg!, BOOT)).toMatchObject({ kind: 'segfault', pid: 4678, name: 'crash-parse' });
    const gp = parseKmsgRecord('6,901,1,-;traps: my app[99] general protection fault ip:1 sp:2 error:0');
    expect(kernelEvent(gp!, BOOT)).toMatchObject({ kind: 'segfault', pid: 99, name: 'my app' });
  });

  it('ignores lines a program wrote to /dev/kmsg (facility user), so a crash or OOM cannot be faked', () => {
    const forged = parseKmsgRecord('11,950,1,-;evil[1]: segfault at 0 ip 0 sp 0 error 4');
    expect(forged?.facility).toBe(1);
    expect(kernelEvent(forged!, BOOT)).toBeNull();
  });

  it('rejects damaged records', () => {
    expect(parseKmsgRecord('no semicolon here')).toBeNull();
    expect(parseKmsgRecord('x,y,z;message')).toBeNull();
  });
});
