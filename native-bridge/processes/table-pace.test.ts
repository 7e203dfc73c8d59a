import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessTableMessage } from '../contract/processes.js';
import { SamplingClock } from '../shared/sampling-clock.js';
import { until } from '../../test-support/until.js';
import { createLinuxSampler } from './sampler-linux.js';
import { createProcessService, type ProcessService } from './service.js';
import { BACKGROUND_EVERY_MS } from './table-feed.js';

let service: ProcessService | undefined;
const dir = mkdtempSync(join(tmpdir(), 'triage-table-pace-'));
afterEach(() => service?.close());
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
const fail = (error: unknown) => {
  throw error;
};

describe('the process table pays for who looks at it', () => {
  it('is read every 5 s while only background consumers listen, and on every tick once a page shows it', async () => {
    service = createProcessService({ clock: new SamplingClock({ intervalMs: 250 }), auditPath: join(dir, 'audit.jsonl'), makeSampler: () => createLinuxSampler() });
    const background: ProcessTableMessage[] = [];
    const stopBackground = service.watchTable({ next: (m) => background.push(m), fail }, { everyMs: BACKGROUND_EVERY_MS });
    await until(() => background.length >= 3, 'three tables for a background consumer', 30_000);
    // The first table comes at once (the prime); after it, one every BACKGROUND_EVERY_MS, measured by the tables' own times.
    for (const gap of gaps(background.slice(1).map((m) => m.time))) expect(gap).toBeGreaterThanOrEqual(BACKGROUND_EVERY_MS - 250);
    // The CPU % of a slowed table is averaged over the real time since the previous read.
    expect(background.at(-1)!.intervalMs).toBeGreaterThanOrEqual(BACKGROUND_EVERY_MS - 250);

    // A page opens the table: every tick is read, for it and for the background consumer alike.
    const page: ProcessTableMessage[] = [];
    const stopPage = service['processes.table']({}, { next: (m) => page.push(m), fail });
    expect(page[0]?.kind).toBe('snapshot');
    const seen = background.length;
    await until(() => page.length >= 8 && background.length >= seen + 6, "tables on the page's ticks", 30_000);
    // A busy machine may stretch a tick, never to the background's 5 s.
    expect(Math.min(...gaps(background.slice(seen).map((m) => m.time)))).toBeLessThan(1500);

    // A consumer that needs a table every second (a recorder keeping 1 s frames) gets one, and so does everyone.
    stopPage();
    const stopFaster = service.watchTable({ next: () => undefined, fail }, { everyMs: 1000 });
    const before = background.length;
    await until(() => background.length >= before + 4, 'tables at the faster pace', 30_000);
    const fast = gaps(background.slice(before + 1).map((m) => m.time));
    expect(Math.max(...fast)).toBeLessThan(BACKGROUND_EVERY_MS - 250);
    stopFaster();

    // Only the 5 s consumer is left: back to its pace.
    const after = background.length;
    await until(() => background.length >= after + 3, 'tables after the page closed', 30_000);
    for (const gap of gaps(background.slice(after + 1).map((m) => m.time))) expect(gap).toBeGreaterThanOrEqual(BACKGROUND_EVERY_MS - 250);
    stopBackground();
  }, 90_000);
});
