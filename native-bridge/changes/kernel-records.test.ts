import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test-support/until.js';
import { readKmsgRing } from '../../test-support/kmsg-ring.js';
import { isKernelNote } from './kernel-notes.js';
import { KernelRecords } from './kernel-records.js';
import { isSleepRecord } from './kernel-resumes.js';

const opened: KernelRecords[] = [];
afterEach(() => opened.splice(0).forEach((r) => r.close()));
function records(path = '/dev/kmsg'): KernelRecords {
  const r = new KernelRecords(path);
  opened.push(r);
  return r;
}

describe('the kernel records "what changed?" keeps (real /dev/kmsg)', () => {
  it('the first read holds every note and sleep line the ring holds, and nothing else', () => {
    const ring = readKmsgRing().filter((r) => isKernelNote(r) || isSleepRecord(r));
    const kept = records().read();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => isKernelNote(r) || isSleepRecord(r))).toBe(true);
    // The ring may have moved on between the two reads (other tests crash children): the older of them is in the newer.
    const key = (r: { usec: number; message: string }) => `${r.usec} ${r.message}`;
    const keptKeys = new Set(kept.map(key));
    expect(ring.filter((r) => r.usec >= kept[0]!.usec).every((r) => keptKeys.has(key(r)))).toBe(true);
  });

  it('later reads add only what was logged since: a real segfault arrives, a forged line never does, and an unchanged list is the same list', async () => {
    const reader = records();
    const first = reader.read();
    const tag = `triage-forged-note-${process.pid}-${Date.now().toString(36)}`;
    writeFileSync('/dev/kmsg', `<3>${tag}[1]: segfault at 0 ip 0 sp 0 error 4\n`);
    const crashed: number[] = [];
    const line = await until(() => {
      crashed.push(spawnSync('python3', ['-c', 'import ctypes; ctypes.string_at(0)'], { stdio: 'ignore' }).pid);
      return reader.read().find((r) => crashed.some((pid) => r.message.includes(`[${pid}]: segfault at`)));
    }, 'the kernel logging a child segfault', 60_000, () => new Promise((r) => setTimeout(r, 500)));
    expect(line.facility).toBe(0);
    const now = reader.read();
    expect(now).not.toBe(first);
    expect(now.slice(0, first.length)).toEqual(first);
    expect(now.some((r) => r.message.includes(tag))).toBe(false);
    // A forged line is facility 1, never kept: unless the kernel logged a note meanwhile (other tests crash children), the very same array comes back.
    writeFileSync('/dev/kmsg', `<6>PM: suspend exit ${tag}\n`);
    await until(() => readKmsgRing().some((r) => r.message.includes(tag) && r.message.includes('suspend exit')), 'the forged resume in the ring');
    const again = reader.read();
    expect(again.some((r) => r.message.includes(tag))).toBe(false);
    if (again.length === now.length) expect(again).toBe(now);
  });

  it('a device that cannot be opened throws each time it is asked (nothing cached), as the source says why', () => {
    const reader = records('/nonexistent/kmsg');
    expect(() => reader.read()).toThrow(/ENOENT/);
    expect(() => reader.read()).toThrow(/ENOENT/);
  });
});
