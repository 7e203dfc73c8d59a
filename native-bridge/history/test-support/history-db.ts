// Helpers for this folder's tests: a history database in a throwaway directory, and batches made from
// this machine's real samples and process table with their times moved where a test needs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessRow } from '../../contract/processes.js';
import type { SystemSample } from '../../contract/system.js';
import { createProcessSampler } from '../../platform/process-sampler.js';
import { createSystemCollector } from '../../platform/system-collector.js';
import { openWriter } from '../open-db.js';
import { flattenSample } from '../series-keys.js';
import type { StoredSample } from '../sample-codec.js';
import { HistoryWriter } from '../writer.js';

export interface TempHistory {
  dir: string;
  path: string;
  writer: HistoryWriter;
  remove(): void;
}

export function tempHistory(prefix = 'triage-history-'): TempHistory {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'history.db');
  const writer = new HistoryWriter(openWriter(path).db);
  return {
    dir,
    path,
    writer,
    remove() {
      try {
        writer.db.close();
      } catch {
        // closed by the test
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Two real samples of this machine (the second has rates). */
export async function realSample(): Promise<SystemSample> {
  const source = createSystemCollector();
  try {
    await source.sample();
    await new Promise((r) => setTimeout(r, 200));
    return await source.sample();
  } finally {
    source.close?.();
  }
}

/** This machine's process table, sampled twice so CPU figures are real. */
export async function realTable(): Promise<ProcessRow[]> {
  const sampler = createProcessSampler({ procRoot: '/proc' });
  try {
    await sampler.sample();
    await new Promise((r) => setTimeout(r, 200));
    return (await sampler.sample()).rows;
  } finally {
    sampler.close();
  }
}

/** A real sample stored as if taken at `wall` (monotonic and uptime move with it). */
export function storedAt(sample: SystemSample, wall: number, base: number): StoredSample {
  return { wall, mono: wall - base + 1_000_000, uptime: wall - base + 2_000_000, values: flattenSample(sample) };
}
