import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { SNAPSHOT_LIMITS, SnapshotScanner } from '../common/snapshot-limits.js';
import type { Backend } from '../server/backend.js';
import { realBackend } from '../../test-support/real-backend.js';
import { decodeSnapshot, encodeSnapshot } from './codec.js';
import { gzipRepeated, manyEmptyObjects, oneHugeString } from './test-support/bombs.js';
import { largestRealisticSnapshot } from './test-support/largest.js';

const MB = 1024 * 1024;
let dir: string;
let backend: Backend;
const bombs: Record<'objects' | 'string', string> = { objects: '', string: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-hostile-'));
  bombs.objects = join(dir, 'objects.triage.json.gz');
  bombs.string = join(dir, 'string.triage.json.gz');
  // The two files of the attack report, built here: 467 KiB and 487 KiB of gzip.
  const [objects, string] = [await manyEmptyObjects(), await oneHugeString()];
  expect(objects.length).toBeLessThan(MB);
  expect(string.length).toBeLessThan(MB);
  writeFileSync(bombs.objects, objects);
  writeFileSync(bombs.string, string);
  backend = realBackend();
}, 120_000);

afterAll(() => {
  backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<TriageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriageError);
  return error as TriageError;
}

describe('snapshot limits fit real snapshots', () => {
  it('the largest realistic snapshot (1 h, 2,000 processes) opens, with at least 2x headroom on every limit', async () => {
    const snapshot = largestRealisticSnapshot();
    const text = Buffer.from(JSON.stringify(snapshot));
    const scanner = new SnapshotScanner('largest', { maxInflatedBytes: Infinity, maxEntries: Infinity, maxStringBytes: Infinity });
    scanner.feed(text);
    const figures = { inflatedMB: +(scanner.bytes / MB).toFixed(1), entries: scanner.entries, longestString: scanner.longestString };
    console.log('largest realistic snapshot:', figures, 'limits:', SNAPSHOT_LIMITS);
    expect(scanner.bytes * 2).toBeLessThan(SNAPSHOT_LIMITS.maxInflatedBytes);
    expect(scanner.entries * 2).toBeLessThan(SNAPSHOT_LIMITS.maxEntries);
    expect(scanner.longestString * 2).toBeLessThan(SNAPSHOT_LIMITS.maxStringBytes);
    const decoded = await decodeSnapshot(await encodeSnapshot(snapshot), 'largest');
    expect(decoded.problems).toEqual([]);
    expect(decoded.snapshot.parts.processes?.rows).toHaveLength(2000);
  }, 60_000);

  it('counts structure, not look-alikes inside strings', () => {
    const scanner = new SnapshotScanner('x', SNAPSHOT_LIMITS);
    scanner.feed(Buffer.from('{"a":"{[,\\\\\\"{,","b":[1,2]}'));
    expect(scanner.entries).toBe(4); // the outer {, the comma after "a", the [ and the comma inside it
    expect(scanner.longestString).toBe(9);
  });
});

describe('crafted snapshots are refused early, with a sentence', () => {
  it('many empty objects: refused at the entry limit', async () => {
    const error = await refusal(decodeSnapshot(await gzipRepeated('{"meta":[', '{},', 5_000_000, '{}]}'), 'many.gz'));
    expect(error.message).toBe('many.gz has more than 4,000,000 entries: it is not a Triage snapshot, or it is damaged.');
  }, 60_000);

  it('one long string: refused at the string limit', async () => {
    const error = await refusal(decodeSnapshot(gzipSync(`{"meta":"${'A'.repeat(2 * MB)}"}`), 'long.gz'));
    expect(error.message).toBe('long.gz holds a text longer than 1 MB: it is not a Triage snapshot, or it is damaged.');
  });

  it('over the inflated size: refused at the size limit', async () => {
    const error = await refusal(decodeSnapshot(await gzipRepeated('{"meta":[', '0,', 40 * MB, '0]}'), 'big.gz', { maxEntries: Infinity }));
    expect(error.message).toBe('big.gz expands to more than 64 MB: it is not a Triage snapshot, or it is damaged.');
  }, 60_000);
});

describe('the backend keeps serving while it refuses a crafted snapshot', () => {
  it.each(['objects', 'string'] as const)('%s bomb: refused, a call made at the same moment answered, no stall, memory bounded', async (which) => {
    const impl = backend.implementation;
    const rssBefore = process.memoryUsage().rss;
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const started = performance.now();
    const opening = refusal(impl['snapshot.open']({ path: bombs[which] }));
    // Another client's call, made while the file is being read: it reads this machine's /proc.
    const other = impl['processes.list']({ sort: 'cpu' });
    const error = await opening;
    const tookMs = performance.now() - started;
    const list = await other;
    stalls.disable();
    const rssAfter = process.memoryUsage().rss;
    expect(list.rows.some((row) => row.pid === process.pid)).toBe(true);
    expect(error.message).toMatch(
      which === 'objects'
        ? /has more than 4,000,000 entries: it is not a Triage snapshot, or it is damaged\.$/
        : /holds a text longer than 1 MB: it is not a Triage snapshot, or it is damaged\.$/,
    );
    expect(error.message.startsWith(bombs[which])).toBe(true);
    const longestStallMs = stalls.max / 1e6;
    console.log(`${which} bomb refused in ${Math.round(tookMs)} ms; longest event-loop stall ${Math.round(longestStallMs)} ms; RSS ${Math.round((rssAfter - rssBefore) / MB)} MB more`);
    // Generous for a loaded 2-core machine; without the limits JSON.parse held the loop for minutes.
    expect(longestStallMs).toBeLessThan(1000);
    expect(rssAfter - rssBefore).toBeLessThan(400 * MB);
  }, 60_000);
});
