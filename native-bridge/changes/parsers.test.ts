// Parsers on fixture files. journal.json is a recorded `journalctl -o json` excerpt: this machine runs no
// systemd, so the live journal source is tested only for saying so (service.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKmsgRecord } from '../shared/kmsg.js';
import { kernelChange } from './kernel-notes.js';
import { parseAptHistory } from './parse-apt-history.js';
import { parseDnfRpmLog } from './parse-dnf.js';
import { localTime, parseDpkgLog } from './parse-dpkg.js';
import { parseJournalJson } from './parse-journal.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('package logs', () => {
  it('dpkg.log: install, upgrade, remove, purge in local time; status and other lines skipped', () => {
    const events = parseDpkgLog(fixture('dpkg.log'));
    expect(events.map((e) => e.title)).toEqual(['installed foo:amd64 1.0', 'upgraded bar:all 2.0-1 → 2.1-1', 'removed baz:amd64 3.0', 'purged baz:amd64 3.0']);
    expect(events[0]).toMatchObject({ kind: 'package', time: new Date(2026, 11, 4, 10, 31, 2).getTime() });
  });

  it('apt history: one event per run with its command and counts; a run that changed nothing is not one', () => {
    const events = parseAptHistory(fixture('apt-history.log'));
    expect(events.map((e) => e.title)).toEqual(['apt-get install -y foo (install 2, upgrade 1)', 'apt purge baz (purge 1)']);
    expect(events[0]!.time).toBe(localTime('2026-12-04', '10:31:00'));
    expect(events[0]!.detail).toContain('libfoo1:amd64 (1.0, automatic)');
  });

  it('dnf.rpm.log: SUBDEBUG actions with their zone offset', () => {
    const events = parseDnfRpmLog(fixture('dnf.rpm.log'));
    expect(events.map((e) => e.title)).toEqual(['installed foo-1.0-1.x86_64', 'upgraded to bar-2.1-1.noarch', 'upgraded from bar-2.0-1.noarch', 'removed baz-3.0-1.x86_64']);
    expect(events[0]!.time).toBe(Date.UTC(2026, 11, 4, 10, 31, 2));
    expect(events[1]!.time).toBe(Date.UTC(2026, 11, 4, 9, 40, 0));
  });
});

describe('journal', () => {
  it('unit started, stopped, failed and restarting, by catalogue id; ordinary lines and junk skipped', () => {
    const events = parseJournalJson(fixture('journal.json'));
    expect(events.map((e) => e.title)).toEqual([
      'started nginx.service',
      'stopped cron.service',
      'failed backup.service (exit-code)',
      'failed to start backup.service',
      'restart scheduled for flaky.service',
      'started pipewire.service',
    ]);
    expect(events.every((e) => e.kind === 'unit')).toBe(true);
    expect(events[0]!.time).toBe(Date.UTC(2026, 11, 4, 10, 31, 2));
  });
});

describe('kernel notes', () => {
  const BOOT = 1_000_000;
  const note = (line: string) => {
    const record = parseKmsgRecord(line);
    return record && kernelChange(record, BOOT);
  };

  it('OOM kills, crashes, I/O errors, thermal events and the boot line, dated from boot', () => {
    expect(note('3,1,5000000,-;Out of memory: Killed process 7 (hog) total-vm:1kB')).toMatchObject({ kind: 'kernel', time: BOOT + 5000, title: expect.stringMatching(/^out-of-memory kill: /) });
    expect(note('6,2,1,-;app[99]: segfault at 0 ip 1 sp 2 error 4')?.title).toMatch(/^crash: /);
    expect(note('3,3,1,-;blk_update_request: I/O error, dev sda, sector 42')?.title).toMatch(/^I\/O error: /);
    expect(note('4,4,1,-;CPU0: Core temperature above threshold, cpu clock throttled')?.title).toMatch(/^thermal: /);
    expect(note('5,0,0,-;Linux version 6.1.0 (gcc) #1 SMP')?.title).toMatch(/^kernel started: /);
  });

  it('ordinary kernel chatter and anything from another facility (a program writing to /dev/kmsg) are not listed', () => {
    expect(note("6,5,1,-;thermal_sys: Registered thermal governor 'step_wise'")).toBeNull();
    expect(note('6,6,1,-;e1000: eth0 NIC Link is Up')).toBeNull();
    // Priority 11 = facility 1 (user), level 3: what the kernel stamps on a forged "<3>" line.
    expect(note('11,7,1,-;evil[1]: segfault at 0 ip 0 sp 0 error 4')).toBeNull();
  });
});
