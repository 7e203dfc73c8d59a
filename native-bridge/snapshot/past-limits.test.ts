import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_LIMITS, SnapshotScanner } from '../common/snapshot-limits.js';
import { PAST_MAX_FRAMES } from '../contract/snapshot-history.js';
import { Snapshot } from '../contract/snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './codec.js';
import { largestPastSnapshot } from './test-support/largest-past.js';

/** Inflated bytes and entries, counted as the reader counts them (with no limit). */
async function measure(snapshot: Snapshot): Promise<{ bytes: number; entries: number; gz: Buffer }> {
  const gz = await encodeSnapshot(snapshot);
  const scanner = new SnapshotScanner('measure', { maxInflatedBytes: Infinity, maxEntries: Infinity, maxStringBytes: Infinity });
  scanner.feed(gunzipSync(gz));
  return { bytes: scanner.bytes, entries: scanner.entries, gz };
}

describe('the largest snapshot of a recorded window fits the reader\'s limits', () => {
  // Many small tables (the row budget binds) and big tables of long command lines (the byte budget binds).
  it.each([
    [1333, 200],
    [2000, 2000],
  ])('%i processes with %i-byte command lines', async (processes, cmdline) => {
    const { snapshot, frames } = largestPastSnapshot(processes, cmdline);
    expect(Snapshot.safeParse(snapshot).success).toBe(true);
    expect(frames).toBeGreaterThanOrEqual(2);
    expect(frames).toBeLessThanOrEqual(PAST_MAX_FRAMES);
    const { bytes, entries, gz } = await measure(snapshot);
    // A margin under each cap, so a slightly different machine still opens its own files.
    expect(bytes).toBeLessThan(SNAPSHOT_LIMITS.maxInflatedBytes * 0.75);
    expect(entries).toBeLessThan(SNAPSHOT_LIMITS.maxEntries * 0.75);
    const decoded = await decodeSnapshot(gz, 'largest-past.triage.json.gz');
    expect(decoded.problems).toEqual([]);
    expect(decoded.snapshot.parts.history!.frames.list).toHaveLength(frames);
    console.log(`${processes} processes, ${cmdline}-byte command lines: ${frames} frames, ${(bytes / 1048576).toFixed(1)} MiB inflated, ${entries} entries, ${(gz.length / 1048576).toFixed(1)} MiB on disk`);
  }, 120_000);
});
