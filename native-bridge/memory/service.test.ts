import { describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { MemoryMapsComparison, MemoryStreamMessage, MemoryPinInfo, memoryContract } from '../contract/memory.js';
import { createMemoryService } from './service.js';
import { setUpHogService } from './test-support/hog-service.js';
import { collectUpdates } from './test-support/watch-helpers.js';
import { MiB } from './units.js';
import { SamplingClock } from '../shared/sampling-clock.js';

const hogs = setUpHogService();

async function rejection(promise: Promise<unknown>): Promise<TriageError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TriageError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('memory contract input', () => {
  const pinInput = memoryContract['memory.pin'].input;
  it('refuses pids that could reach the wrong process before any syscall', () => {
    for (const pid of [0, -1, 1.5, '12', 5_000_000, null]) expect(pinInput.safeParse({ pid }).success, String(pid)).toBe(false);
    expect(pinInput.safeParse({ pid: 1234, startTime: 5 }).success).toBe(true);
  });
  it('refuses name patterns with control characters, empty ones and unknown keys', () => {
    expect(pinInput.safeParse({ namePattern: 'nginx' }).success).toBe(true);
    expect(pinInput.safeParse({ namePattern: 'a\nb' }).success).toBe(false);
    expect(pinInput.safeParse({ namePattern: '  ' }).success).toBe(false);
    expect(pinInput.safeParse(JSON.parse('{"pid": 5, "__proto__": {"polluted": 1}}')).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('refuses limits that are not positive', () => {
    const setLimit = memoryContract['memory.setLimit'].input;
    expect(setLimit.safeParse({ pinId: 'pin-1', sizeBytes: -5 }).success).toBe(false);
    expect(setLimit.safeParse({ pinId: 'pin-1', sizeBytes: null, rateMiBPerMin: 2 }).success).toBe(true);
  });
});

describe.concurrent('memory service', () => {
  it('answers bad pins with one plain sentence and the right code', async () => {
    const gone = await hogs.start(['hold', '0']);
    await gone.stop();
    expect((await rejection(hogs.service['memory.pin']({ pid: gone.pid }))).code).toBe('ESRCH');

    const alive = await hogs.start(['hold', '0']);
    const reused = await rejection(hogs.service['memory.pin']({ pid: alive.pid, startTime: 1 }));
    expect(reused.code).toBe('PID_REUSED');
    expect(reused.message).toMatch(/pick it again/);

    // kthreadd has no user memory.
    expect((await rejection(hogs.service['memory.pin']({ pid: 2 }))).code).toBe('UNSUPPORTED');
    expect((await rejection(hogs.service['memory.unpin']({ pinId: 'pin-999' }))).code).toBe('NOT_FOUND');

    // A name that matches nothing yet is a pin that waits for the program to start.
    const waiting = await hogs.service['memory.pin']({ namePattern: 'no-such-program-7f3a' });
    expect(waiting).toMatchObject({ status: 'waiting', pid: null, series: [] });
    expect(waiting.verdict.kind).toBe('insufficient-data');
    await hogs.service['memory.unpin']({ pinId: waiting.pinId });
    expect((await rejection(hogs.service['memory.compareMaps']({ pinId: 'nope' }))).code).toBe('NOT_FOUND');
  });

  it('marks a pid pin as exited when its process ends, keeping its series', async () => {
    const child = await hogs.start(['hold', '8']);
    const pin = await hogs.service['memory.pin']({ pid: child.pid });
    expect(pin.status).toBe('running');
    await collectUpdates(hogs.service, pin.pinId, (u) => u.length >= 2);
    await child.stop();
    const updates = await collectUpdates(hogs.service, pin.pinId, (u) => u.at(-1)!.status === 'exited');
    expect(updates.at(-1)!.point).toBeNull();
    const { pins } = await hogs.service['memory.pins']({});
    const info = pins.find((p) => p.pinId === pin.pinId)!;
    expect(info.series.length).toBeGreaterThanOrEqual(3);
    expect(info.series.every((p) => p.pid === child.pid)).toBe(true);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('raises one alert per crossing, with context, and again after the limit moves', async () => {
    const child = await hogs.start(['grow', '8', '2048']);
    const pin = await hogs.service['memory.pin']({ pid: child.pid, sizeBytes: 48 * MiB, rateMiBPerMin: 120 });
    // Wait for the growth verdict too (it needs 10 s of data), so the rate alert has had its chance.
    const first = await collectUpdates(
      hogs.service,
      pin.pinId,
      (u) => u.some((x) => x.verdict.kind === 'growing') && u.filter((x) => (x.point?.rssBytes ?? 0) > 96 * MiB).length >= 2,
    );
    expect(first.length).toBeGreaterThan(4);
    const mine = (await hogs.service['memory.alerts']({})).alerts.filter((a) => a.pinId === pin.pinId);
    expect(mine.filter((a) => a.kind === 'size')).toHaveLength(1);
    expect(mine.filter((a) => a.kind === 'rate')).toHaveLength(1);
    const size = mine.find((a) => a.kind === 'size')!;
    expect(size.value).toBeGreaterThanOrEqual(48 * MiB);
    expect(size.sentence).toMatch(/over its limit of 48\.0 MiB/);
    expect(size.context.breakdown!.rssBytes).toBe(size.value);
    expect(size.context.memAvailableBytes).toBeGreaterThan(0);
    expect(size.context.topConsumers).toHaveLength(5);
    expect(mine.find((a) => a.kind === 'rate')!.value).toBeGreaterThan(120);

    const current = first.at(-1)!.point!.rssBytes;
    await hogs.service['memory.setLimit']({ pinId: pin.pinId, sizeBytes: current + 16 * MiB, rateMiBPerMin: null });
    await collectUpdates(hogs.service, pin.pinId, (u) => (u.at(-1)!.point?.rssBytes ?? 0) > current + 32 * MiB);
    const after = (await hogs.service['memory.alerts']({})).alerts.filter((a) => a.pinId === pin.pinId);
    expect(after.filter((a) => a.kind === 'size')).toHaveLength(2);
    expect(after.filter((a) => a.kind === 'rate')).toHaveLength(1);
    const page = await hogs.service['memory.alerts']({ sinceId: size.alertId });
    expect(page.alerts.every((a) => a.alertId > size.alertId)).toBe(true);
    expect(page.dropped).toBe(0);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('answers "what grew?" from the pin-time map to now', async () => {
    const child = await hogs.start(['once', '64', '1500']);
    const pin = await hogs.service['memory.pin']({ pid: child.pid });
    expect(pin.snapshots).toHaveLength(1);
    await collectUpdates(hogs.service, pin.pinId, (u) => (u.at(-1)!.point?.rssBytes ?? 0) > 60 * MiB);
    const cmp = await hogs.service['memory.compareMaps']({ pinId: pin.pinId });
    expect(MemoryMapsComparison.safeParse(cmp).success).toBe(true);
    expect(cmp.measure).toBe('rss');
    expect(cmp.samePid).toBe(true);
    const anon = cmp.groups.find((g) => g.group === 'anonymous')!;
    expect(anon.deltaBytes).toBeGreaterThan(60 * MiB);
    expect(anon.deltaBytes).toBeLessThan(70 * MiB);
    expect(cmp.mappings[0]!.group).toBe('anonymous');
    // Libraries may fault in a few more code pages meanwhile, nothing like the block.
    expect(Math.abs(cmp.groups.find((g) => g.group === 'library')!.deltaBytes)).toBeLessThan(MiB);
    const snap = await hogs.service['memory.captureMaps']({ pinId: pin.pinId });
    const same = await hogs.service['memory.compareMaps']({ pinId: pin.pinId, fromSnapshotId: snap.snapshotId, toSnapshotId: snap.snapshotId });
    expect(same.totalDeltaBytes).toBe(0);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
  });

  it('ranks a steadily growing process among leak suspects, and not one that holds', async () => {
    const leaky = await hogs.start(['grow', '2', '2048']);
    const holder = await hogs.start(['hold', '64']);
    let result = await hogs.service['memory.suspects']({ limit: 200 });
    let found = result.suspects.find((s) => s.pid === leaky.pid);
    for (let i = 0; i < 50 && !found; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      result = await hogs.service['memory.suspects']({ limit: 200 });
      found = result.suspects.find((s) => s.pid === leaky.pid);
    }
    if (!found) throw new Error(`never ranked; ${result.processes} processes over ${result.observedMs} ms`);
    expect(found.verdict.kind).toBe('growing');
    expect(found.verdict.rateMiBPerMin!).toBeGreaterThan(120 * 0.75);
    expect(found.verdict.rateMiBPerMin!).toBeLessThan(120 * 1.25);
    expect(result.processes).toBeGreaterThan(3);
    expect(result.suspects.some((s) => s.pid === holder.pid)).toBe(false);
    // Fastest first.
    const rates = result.suspects.map((s) => s.verdict.rateMiBPerMin!);
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);
  });

  it('streams history first, then pinned/tick/unpinned messages that match the contract', async () => {
    const child = await hogs.start(['hold', '4']);
    const messages: MemoryStreamMessage[] = [];
    const unsubscribe = hogs.service['memory.stream']({}, { next: (m) => messages.push(m), fail: () => undefined });
    const pin = await hogs.service['memory.pin']({ pid: child.pid });
    expect(MemoryPinInfo.safeParse(pin).success).toBe(true);
    // Pinning the same process again gives the same pin (and takes its new limit).
    const again = await hogs.service['memory.pin']({ pid: child.pid, startTime: pin.startTime!, sizeBytes: 1 << 30 });
    expect(again.pinId).toBe(pin.pinId);
    expect(again.limits.sizeBytes).toBe(1 << 30);
    await collectUpdates(hogs.service, pin.pinId, (u) => u.length >= 12);
    const thin = (await hogs.service['memory.pins']({ maxPoints: 10 })).pins.find((p) => p.pinId === pin.pinId)!;
    expect(thin.series.length).toBeLessThanOrEqual(11);
    expect(thin.series.at(-1)!.time).toBe((await hogs.service['memory.pins']({})).pins.find((p) => p.pinId === pin.pinId)!.series.at(-1)!.time);
    await hogs.service['memory.unpin']({ pinId: pin.pinId });
    unsubscribe();
    expect(messages[0]!.kind).toBe('history');
    const kinds = new Set(messages.map((m) => m.kind));
    expect(kinds).toEqual(new Set(['history', 'pinned', 'tick', 'unpinned']));
    for (const m of messages) expect(MemoryStreamMessage.safeParse(m).success).toBe(true);
  });
});

describe('tick loop', () => {
  it('runs only while something needs it', async () => {
    const clock = new SamplingClock({ intervalMs: 200 });
    const own = createMemoryService({ clock });
    try {
      expect(own.control.running()).toBe(false);
      const child = await hogs.start(['hold', '1']);
      const pin = await own['memory.pin']({ pid: child.pid });
      expect(own.control.running()).toBe(true);
      clock.setInterval(300);
      expect(own.control.intervalMs()).toBe(300);
      expect(() => clock.setInterval(5)).toThrow(TriageError);
      await own['memory.unpin']({ pinId: pin.pinId });
      // Nothing needs the watch any more: it lets go of the clock.
      for (let i = 0; i < 50 && own.control.running(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(own.control.running()).toBe(false);
    } finally {
      own.control.dispose();
    }
  });
});
