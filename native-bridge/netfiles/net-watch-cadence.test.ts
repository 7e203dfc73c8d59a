import { afterEach, describe, expect, it } from 'vitest';
import { SamplingClock } from '../shared/sampling-clock.js';
import { until } from '../../test-support/until.js';
import { createNetFilesService, type NetFilesService } from './service.js';

let service: NetFilesService | undefined;
afterEach(() => service?.close());

const fail = (error: unknown) => {
  throw error;
};
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('the socket watch pays for what is watched', () => {
  it('reads the sockets every 5 s while only the findings engine listens, and on every tick while the Network page watches', async () => {
    service = createNetFilesService({ clock: new SamplingClock({ intervalMs: 250 }) });
    const readings: number[] = [];
    // When each reading began (its own time): how long a read took on a busy machine does not move it.
    const stopReadings = service.watchSockets((r) => readings.push(r.time), fail);
    await until(() => readings.length >= 3, 'three readings for the findings engine', 40_000);
    for (const gap of gaps(readings)) expect(gap).toBeGreaterThanOrEqual(4500);

    // The Network page opens: every tick reads, and the engine's readings come with them.
    const messages: number[] = [];
    const stopPage = service['net.watch']({}, { next: () => messages.push(performance.now()), fail });
    const seen = readings.length;
    await until(() => messages.length >= 8 && readings.length >= seen + 6, "readings on the page's ticks", 40_000);
    // A busy machine may stretch a tick, never to the 5 s of the engine alone.
    expect(Math.min(...gaps(readings.slice(seen)))).toBeLessThan(1500);
    expect(readings.length - seen).toBeGreaterThanOrEqual(6);

    // The page closes: back to the engine's pace.
    stopPage();
    await until(() => readings.length >= seen + 9, 'readings after the page closed', 40_000);
    const after = readings.length;
    await until(() => readings.length >= after + 2, 'two more readings', 40_000);
    for (const gap of gaps(readings.slice(after - 1))) expect(gap).toBeGreaterThanOrEqual(4500);
    stopReadings();
  }, 120_000);
});
