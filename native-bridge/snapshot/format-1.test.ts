import { describe, expect, it } from 'vitest';
import { SNAPSHOT_VERSION } from '../contract/snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './codec.js';
import { renderHtmlReport } from './html-report.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

describe('a format-1 snapshot (before recorded windows)', () => {
  it('still opens under format 2, keeps its version and every part, and has no history part', async () => {
    expect(SNAPSHOT_VERSION).toBe(2);
    // The synthetic file is written in format 1's shape: version 1, the live parts only.
    const old = syntheticSnapshot();
    expect(old.version).toBe(1);
    const { snapshot, problems } = await decodeSnapshot(await encodeSnapshot(old), 'old.triage.json.gz');
    expect(problems).toEqual([]);
    expect(snapshot.version).toBe(1);
    expect(snapshot.parts.history).toBeUndefined();
    expect(Object.keys(snapshot.parts).sort()).toEqual(Object.keys(old.parts).sort());
    expect(renderHtmlReport(snapshot)).toContain('<h2>System</h2>');
  });

  it('refuses a file from a newer Triage with a sentence', async () => {
    const future = { ...syntheticSnapshot(), version: 3 } as unknown as Parameters<typeof encodeSnapshot>[0];
    await expect(decodeSnapshot(await encodeSnapshot(future), 'new.gz')).rejects.toThrow(/made by a newer Triage \(snapshot format 3\); this Triage reads format 2/);
  });
});
