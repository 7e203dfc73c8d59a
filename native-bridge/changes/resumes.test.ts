// Resumes from the kernel ring and the systemd-sleep journal, on fixtures (see fixtures/README.md: this machine
// cannot sleep and runs no systemd), and the merge of one wake-up told by several sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKmsgRecord, type KmsgRecord } from '../shared/kmsg.js';
import { kernelResumes, ringSleeps } from './kernel-resumes.js';
import { parseSleepJournal } from './parse-sleep-journal.js';
import { mergeResumes } from './triage-watch.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const ring = (): KmsgRecord[] => fixture('kmsg-sleeps.txt').split('\n').flatMap((line) => parseKmsgRecord(line) ?? []);

// The clocks of that laptop when the ring was read, worked out from the fixture's story: it booted at T0,
// slept 2 h (S3), 1800.25 s (S3), then about an hour in s2idle, and is read 22000.25 s after boot.
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const SLEPT_TOTAL = 7_200_000 + 1_800_250 + 3_601_200;
const clocks = { wallMs: NOW, monoMs: 22_000_250 - SLEPT_TOTAL, sleptTotalMs: SLEPT_TOTAL };

describe('resumes in the kernel ring', () => {
  it('three real sleeps; the failed attempt and the lines written from user space are not resumes', () => {
    const { sleeps, fromBoot } = ringSleeps(ring());
    expect(fromBoot).toBe(true);
    expect(sleeps.map((s) => [s.what, s.wokeStampMs, s.stampsRan])).toEqual([
      ['suspend (deep)', 3_601_400, false],
      ['suspend (deep)', 7_201_300, false],
      ['suspend (s2idle)', 12_701_200, true],
    ]);
  });

  it('dated back from now: the stamps stop in S3 and run on in s2idle; lengths from the kernel, the clocks, or the gap', () => {
    const events = kernelResumes(ring(), clocks);
    // Real wake-ups, after boot: 3601.4 + 7200 s, 7201.3 + 9000.25 s, 9100 + 9000.25 + 3601.2 s.
    const boot = NOW - 22_000_250;
    expect(events.map((e) => [e.time - boot, e.title])).toEqual([
      [10_801_400, 'the machine woke from suspend (deep) after 2 h asleep'],
      [16_201_550, 'the machine woke from suspend (deep) after 30 min asleep'],
      [21_701_450, 'the machine woke from suspend (s2idle) after about 1 h asleep'],
    ]);
    expect(events.every((e) => e.kind === 'resume')).toBe(true);
    expect(events[1]!.detail).toContain('Timekeeping suspended for 1800.250 seconds');
  });

  it('a sleep of unknown length makes the older ones approximate, and says by how much', () => {
    // Without its boot line the ring cannot tell the first sleep's length; its time stays exact (the sleeps after it are known).
    const boot = NOW - 22_000_250;
    const noBoot = kernelResumes(ring().filter((r) => !r.message.startsWith('Linux version')), clocks);
    expect(noBoot.map((e) => [e.time - boot, e.title])).toEqual([
      [10_801_400, 'the machine woke from suspend (deep)'],
      [16_201_550, 'the machine woke from suspend (deep) after 30 min asleep'],
      [21_701_450, 'the machine woke from suspend (s2idle) after about 1 h asleep'],
    ]);
    expect(noBoot[0]!.detail).toContain('How long it slept is not in the kernel log');
    // Nor the second's (no Timekeeping line): now the first is dated as if the second took no time, and says so.
    const [first, second] = kernelResumes(ring().filter((r) => !r.message.startsWith('Linux version') && !r.message.startsWith('Timekeeping')), clocks);
    // Its first line after waking is now ACPI's, 50 ms after the Timekeeping line.
    expect(second!.time - boot).toBe(16_201_600);
    expect(first!.title).toBe('the machine woke from suspend (deep) (time approximate)');
    expect(first!.time - boot).toBe(10_801_400 + 1_800_250);
    expect(first!.detail).toMatch(/may have been up to 2 h 30 min earlier/);
  });

  it('only the forged lines: nothing', () => {
    const forged = ring().filter((r) => r.facility === 1);
    expect(forged.map((r) => r.message)).toEqual(['PM: suspend exit', 'ACPI: PM: Waking up from system sleep state S3']);
    expect(kernelResumes(forged, clocks)).toEqual([]);
  });
});

describe('resumes in the systemd-sleep journal', () => {
  it('a return from sleep with its start before it gives the length; a failed sleep is none; junk skipped', () => {
    const events = parseSleepJournal(fixture('journal-sleep.json'));
    expect(events.map((e) => [e.time, e.title])).toEqual([
      [1_796_468_400_000, 'the machine woke from suspend'],
      [1_796_474_700_000, 'the machine woke from suspend after 45 min asleep'],
    ]);
    expect(events[0]!.detail).toContain('when it went to sleep is not in the journal window');
  });
});

describe('one wake-up told by several sources', () => {
  it('is listed once, from the best source, with the length a later one knew', () => {
    const kernel = { time: 1_000_000, kind: 'resume' as const, title: 'the machine woke from suspend (deep)', detail: 'PM: suspend exit' };
    const watch = { time: 1_001_500, kind: 'resume' as const, title: 'the machine woke from sleep after 2 h asleep', detail: 'Noticed by this Triage' };
    const other = { time: 9_000_000, kind: 'resume' as const, title: 'the machine woke from sleep after 5 min asleep', detail: 'Noticed by this Triage' };
    const merged = mergeResumes([[kernel], [], [watch, other]]);
    expect(merged.map((e) => [e.time, e.title])).toEqual([
      [1_000_000, 'the machine woke from sleep after 2 h asleep'],
      [9_000_000, 'the machine woke from sleep after 5 min asleep'],
    ]);
    expect(merged[0]!.detail).toContain('PM: suspend exit');
    expect(merged[0]!.detail).toContain('Also: ');
  });
});
