import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareMapSnapshots, groupTotals, type MapsSnapshot } from './compare-maps.js';
import { classifyMapping, parseMaps, parseSmaps } from './parse-maps.js';
import { parseSmapsRollup } from './parse-smaps-rollup.js';
import { breakdownFromStatm, statmBytes } from './parse-statm.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const kB = 1024;

describe('smaps_rollup', () => {
  it('splits resident memory into anon, file, shared, swap, PSS and USS', () => {
    const b = parseSmapsRollup(fixture('smaps_rollup.txt'))!;
    expect(b.rssBytes).toBe(2244 * kB);
    expect(b.anonBytes).toBe(872 * kB);
    expect(b.fileBytes).toBe((2244 - 872) * kB);
    expect(b.sharedBytes).toBe((1372 + 700) * kB);
    expect(b.ussBytes).toBe((0 + 172) * kB);
    expect(b.pssBytes).toBe(458 * kB);
    expect(b.pssAnonBytes).toBe(390 * kB);
    expect(b.pssFileBytes).toBe(67 * kB);
    expect(b.pssShmemBytes).toBe(0);
    expect(b.swapBytes).toBe(0);
    expect(b.swapPssBytes).toBe(0);
    expect(b.source).toBe('smaps_rollup');
  });

  it('gives null for the empty file of a kernel thread, and null PSS splits on old kernels', () => {
    expect(parseSmapsRollup('')).toBeNull();
    const old = parseSmapsRollup('00400000-7fff ---p 0 00:00 0 [rollup]\nRss: 100 kB\nPss: 50 kB\nAnonymous: 40 kB\n')!;
    expect(old.pssAnonBytes).toBeNull();
    expect(old.ussBytes).toBeNull();
    expect(old.fileBytes).toBe(60 * kB);
  });
});

describe('statm in bytes', () => {
  it('converts with the page size; the breakdown without smaps_rollup', () => {
    const s = statmBytes('1224 561 343 193 0 243 0\n', 4096)!;
    expect(s).toEqual({ sizeBytes: 1224 * 4096, rssBytes: 561 * 4096, sharedBytes: 343 * 4096 });
    const b = breakdownFromStatm(s);
    expect(b.anonBytes).toBe((561 - 343) * 4096);
    expect(b.pssBytes).toBeNull();
    expect(b.source).toBe('statm');
  });

  it('treats all zeros (kernel thread, zombie) and garbage as no memory', () => {
    expect(statmBytes('0 0 0 0 0 0 0\n', 4096)).toBeNull();
    expect(statmBytes('x y z', 4096)).toBeNull();
  });
});

describe('maps and smaps', () => {
  it('classifies mappings into groups a person can name', () => {
    expect(classifyMapping('')).toBe('anonymous');
    expect(classifyMapping('[heap]')).toBe('heap');
    expect(classifyMapping('[stack]')).toBe('stack');
    expect(classifyMapping('[anon:v8]')).toBe('anonymous');
    expect(classifyMapping('/usr/lib/x86_64-linux-gnu/libc.so.6')).toBe('library');
    expect(classifyMapping('/usr/lib/libfoo.so.1.2.3 (deleted)')).toBe('library');
    expect(classifyMapping('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2')).toBe('library');
    expect(classifyMapping('/usr/bin/bash')).toBe('file');
    expect(classifyMapping('/dev/shm/pulse-shm-1')).toBe('shared-memory');
    expect(classifyMapping('/memfd:wayland (deleted)')).toBe('shared-memory');
    expect(classifyMapping('[vdso]')).toBe('kernel');
    expect(classifyMapping('[vvar_vclock]')).toBe('kernel');
    expect(classifyMapping('[uprobes]')).toBe('other');
  });

  it('parses maps: 43 mappings, with virtual sizes', () => {
    const maps = parseMaps(fixture('maps.txt'));
    expect(maps).toHaveLength(43);
    const heap = maps.find((m) => m.group === 'heap')!;
    expect(heap.sizeBytes).toBe(668 * kB);
    expect(heap.rssBytes).toBeNull();
    expect(maps.filter((m) => m.group === 'library')).toHaveLength(15);
  });

  it('parses smaps: the same mappings with resident sizes summing to the rollup', () => {
    const smaps = parseSmaps(fixture('smaps.txt'));
    expect(smaps).toHaveLength(43);
    const heap = smaps.find((m) => m.group === 'heap')!;
    expect(heap.rssBytes).toBeGreaterThan(0);
    const rss = smaps.reduce((s, m) => s + (m.rssBytes ?? 0), 0);
    expect(rss).toBe(parseSmapsRollup(fixture('smaps_rollup.txt'))!.rssBytes);
    const totals = groupTotals(smaps);
    expect(totals.find((t) => t.group === 'kernel')!.count).toBe(4);
  });

  it('compares two snapshots: which groups and mappings grew', () => {
    const before = parseSmaps(fixture('smaps.txt'));
    const after = parseSmaps(fixture('smaps.txt'));
    after.find((m) => m.group === 'heap')!.rssBytes! += 10 * 1024 * kB;
    after.push({ ...after.find((m) => m.path === '')!, start: 0x7f0000000000n, end: 0x7f0001000000n, sizeBytes: 16 << 20, rssBytes: 16 << 20 });
    const snap = (snapshotId: number, mappings: typeof before): MapsSnapshot => ({ snapshotId, pid: 1, time: snapshotId, source: 'smaps', mappings });
    const cmp = compareMapSnapshots(snap(1, before), snap(2, after));
    expect(cmp.measure).toBe('rss');
    expect(cmp.totalDeltaBytes).toBe(26 << 20);
    expect(cmp.groups.find((g) => g.group === 'heap')!.deltaBytes).toBe(10 << 20);
    expect(cmp.groups.find((g) => g.group === 'anonymous')!.deltaBytes).toBe(16 << 20);
    expect(cmp.groups.find((g) => g.group === 'library')!.deltaBytes).toBe(0);
    expect(cmp.mappings[0]).toMatchObject({ group: 'anonymous', change: 'appeared', deltaBytes: 16 << 20 });
    expect(cmp.mappings[1]).toMatchObject({ key: '[heap]', change: 'grew', deltaBytes: 10 << 20 });
    expect(cmp.mappings).toHaveLength(2);
  });

  it('falls back to virtual sizes when one snapshot came from maps', () => {
    const a: MapsSnapshot = { snapshotId: 1, pid: 1, time: 1, source: 'maps', mappings: parseMaps(fixture('maps.txt')) };
    const b: MapsSnapshot = { ...a, snapshotId: 2, source: 'smaps', mappings: parseSmaps(fixture('smaps.txt')) };
    const cmp = compareMapSnapshots(a, b);
    expect(cmp.measure).toBe('virtual');
    expect(cmp.totalDeltaBytes).toBe(0);
  });
});
