/**
 * The behaviour tests on real children with known memory behaviour (test-support/memhog.c),
 * watched by the real service at 500 ms. They run concurrently to keep the suite short.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryPid, MemoryPinInfo } from '../contract/memory.js';
import { setUpHogService } from './test-support/hog-service.js';
import { collectUpdates, pinInfo } from './test-support/watch-helpers.js';
import { MiB } from './units.js';

const hogs = setUpHogService();

describe.concurrent('memory behaviour of real processes', () => {
  it('flags a child that touches 8 MiB/s as growing within 30 s of data, rate within ±25 %', async () => {
    const trueRate = 8 * 60; // MiB/min
    const child = await hogs.start(['grow', '8', '2048']);
    const pin = await hogs.service['memory.pin']({ pid: MemoryPid.parse(child.pid) });
    expect(MemoryPinInfo.safeParse(pin).success).toBe(true);
    const updates = await collectUpdates(hogs.service, pin.pinId, (u) => u.at(-1)!.verdict.kind === 'growing');
    const verdict = updates.at(-1)!.verdict;
    expect(verdict.observedMs).toBeLessThanOrEqual(30_000);
    expect(verdict.rateMiBPerMin!).toBeGreaterThan(trueRate * 0.75);
    expect(verdict.rateMiBPerMin!).toBeLessThan(trueRate * 1.25);
    expect(verdict.sentence).toMatch(/growing steadily/);
    expect(verdict.runsOutInMs).toBeGreaterThan(0);
    const info = await pinInfo(hogs.service, pin.pinId);
    expect(info.latest!.source).toBe('smaps_rollup');
    expect(info.latest!.anonBytes).toBeGreaterThan(info.series[0]!.anonBytes);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('does not flag a child that allocates 192 MiB once and holds it', async () => {
    const child = await hogs.start(['once', '192', '4000']);
    const pin = await hogs.service['memory.pin']({ pid: child.pid });
    const updates = await collectUpdates(hogs.service, pin.pinId, (u) => u.at(-1)!.verdict.observedMs >= 30_000);
    const rss = updates.flatMap((u) => (u.point ? [u.point.rssBytes] : []));
    // The jump was seen, so "not flagged" means something.
    expect(Math.max(...rss) - Math.min(...rss)).toBeGreaterThan(150 * MiB);
    expect(updates.filter((u) => u.verdict.kind === 'growing').map((u) => u.verdict.sentence)).toEqual([]);
    expect(updates.at(-1)!.verdict.kind).toBe('stable-after-warmup');
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('does not flag a child whose memory saws up and down around a flat mean', async () => {
    const child = await hogs.start(['saw', '16', '8', '250']);
    const pin = await hogs.service['memory.pin']({ pid: child.pid });
    const updates = await collectUpdates(hogs.service, pin.pinId, (u) => u.at(-1)!.verdict.observedMs >= 30_000);
    const rss = updates.flatMap((u) => (u.point ? [u.point.rssBytes] : []));
    expect(Math.max(...rss) - Math.min(...rss)).toBeGreaterThan(64 * MiB);
    expect(updates.filter((u) => u.verdict.kind === 'growing').map((u) => u.verdict.sentence)).toEqual([]);
    expect(['stable', 'stable-after-warmup']).toContain(updates.at(-1)!.verdict.kind);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('follows a pinned-by-name program across a restart and marks the restart', async () => {
    const name = `trst${randomBytes(4).toString('hex')}`;
    const binary = hogs.copyAs(name);
    const first = await hogs.start(['hold', '24'], binary);
    const pin = await hogs.service['memory.pin']({ namePattern: name });
    expect(pin.pid).toBe(first.pid);
    expect(pin.target).toEqual({ kind: 'name', pattern: name });
    await collectUpdates(hogs.service, pin.pinId, (u) => u.filter((x) => x.point?.pid === first.pid).length >= 3);

    // Listen before the restart: on a busy machine the service can see the new process (and send its one
    // restart update) before the hog says it is ready.
    let secondPid = -1;
    const collecting = collectUpdates(hogs.service, pin.pinId, (u) => u.filter((x) => x.point?.pid === secondPid).length >= 3);
    await first.stop();
    const second = await hogs.start(['hold', '48'], binary);
    secondPid = second.pid;
    const updates = await collecting;
    const restart = updates.find((u) => u.restart !== null)!.restart!;
    expect(restart).toMatchObject({ oldPid: first.pid, newPid: second.pid });

    const info = await pinInfo(hogs.service, pin.pinId);
    expect(info.status).toBe('running');
    expect(info.pid).toBe(second.pid);
    expect(info.restarts).toEqual([restart]);
    // One continuous series: the old pid's samples, then the new one's, with the marker at the seam.
    const pids = info.series.map((p) => p.pid);
    const seam = pids.indexOf(second.pid);
    expect(seam).toBeGreaterThan(2);
    expect(pids.slice(0, seam).every((p) => p === first.pid)).toBe(true);
    expect(pids.slice(seam).every((p) => p === second.pid)).toBe(true);
    expect(info.series.filter((p) => p.restart).map((p) => p.time)).toEqual([info.series[seam]!.time]);
    expect(info.series[seam]!.time).toBe(restart.time);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });
});
