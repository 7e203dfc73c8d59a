/**
 * Issue 14 §2 on real children: a leak that grows steadily but in irregular steps with stalls of a tick
 * or two (test-support/jitter-leak.c), watched by the real service at its default 1 s tick with the
 * suspects list open, as on the Memory page. The pin card and the suspects list must call it growing
 * within 30 s of data, never "level since" while it grows, and say the same words at the same moment.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StreamSink } from '../contract/define.js';
import type { LeakSuspect, MemoryStreamMessage } from '../contract/memory.js';
import { until } from '../../test-support/until.js';
import { createMemoryService, type MemoryService } from './service.js';
import { buildJitterLeak } from './test-support/jitter-leak.js';
import type { RunningHog } from './test-support/memhog.js';
import { collectUpdates, pinInfo } from './test-support/watch-helpers.js';

const TICK_MS = 1000;
const MIB_PER_S = 1;
const TRUE_RATE = MIB_PER_S * 60; // MiB/min, the order of magnitude

let leak: ReturnType<typeof buildJitterLeak> | undefined;
let service: MemoryService | undefined;
const children: RunningHog[] = [];

beforeAll(() => {
  leak = buildJitterLeak();
  service = createMemoryService({ intervalMs: TICK_MS });
});

afterAll(async () => {
  service?.control.dispose();
  await Promise.all(children.map((c) => c.stop()));
  leak?.dispose();
});

async function startLeak(seed: number): Promise<RunningHog> {
  const child = await leak!.start([String(MIB_PER_S), '1024', String(TICK_MS), String(seed)]);
  children.push(child);
  return child;
}

/** Resolves after `count` more ticks of the service (the suspects sampler samples on each). */
async function ticks(svc: MemoryService, count: number): Promise<void> {
  let seen = 0;
  const sink: StreamSink<MemoryStreamMessage> = { next: (m) => void (m.kind === 'tick' && seen++), fail: () => undefined };
  const unsubscribe = svc['memory.stream']({}, sink);
  try {
    await until(() => seen >= count, `${count} memory ticks`);
  } finally {
    unsubscribe();
  }
}

const rowOf = (list: LeakSuspect[], pid: number): LeakSuspect | undefined => list.find((s) => s.pid === pid);

it('calls a steady leak with stalls growing within 30 s, on the pin card and in the suspects list, in the same words', async () => {
  const svc = service!;
  // The Memory page opens the suspects list first; the leak is pinned from there a few seconds later.
  await svc['memory.suspects']({ limit: 200 });
  const pinned = await startLeak(7);
  const unpinned = await startLeak(11);
  await ticks(svc, 5);
  const pin = await svc['memory.pin']({ pid: pinned.pid });

  // Both views are read inside a tick (no tick in between): at the first "growing", and once 30 s of
  // samples are in.
  type Moment = { suspects: LeakSuspect[]; card: Awaited<ReturnType<MemoryService['memory.pins']>> };
  const moments: Promise<Moment>[] = [];
  const readBoth = (): void => {
    const suspects = svc['memory.suspects']({ limit: 200 });
    const card = svc['memory.pins']({});
    moments.push(Promise.all([suspects, card]).then(([s, c]) => ({ suspects: s.suspects, card: c })));
  };
  const updates = await collectUpdates(svc, pin.pinId, (u) => {
    const v = u.at(-1)!.verdict;
    if (v.kind === 'growing' && u.filter((x) => x.verdict.kind === 'growing').length === 1) readBoth();
    if (v.observedMs < 30_000) return false;
    readBoth();
    return true;
  });

  // Never "level since" (or "stable") while it grows: the old verdict took a stall for a plateau.
  const judged = updates.map((u) => u.verdict).filter((v) => v.kind !== 'insufficient-data');
  expect(judged.filter((v) => v.kind !== 'growing').map((v) => `${v.observedMs} ms: ${v.sentence}`)).toEqual([]);
  // The card judges the samples the suspects list took before the pin too: 30 s of data in all.
  const first = updates.find((u) => u.verdict.kind === 'growing')!.verdict;
  expect(first.observedMs).toBeLessThanOrEqual(30_000);
  for (const verdict of [first, updates.at(-1)!.verdict]) {
    expect(verdict.rateMiBPerMin!).toBeGreaterThan(TRUE_RATE * 0.75);
    expect(verdict.rateMiBPerMin!).toBeLessThan(TRUE_RATE * 1.25);
  }
  const seen = await Promise.all(moments);
  expect(seen).toHaveLength(2);
  for (const moment of seen) {
    const card = moment.card.pins.find((p) => p.pinId === pin.pinId)!;
    const row = rowOf(moment.suspects, pinned.pid);
    expect(row, 'the pinned leak is in the suspects list').toBeDefined();
    expect(row!.verdict).toEqual(card.verdict);
    expect(row!.verdict.sentence).toMatch(/^Memory has been growing steadily at/);
  }

  // The other leak, not pinned, is ranked by the same verdict within 30 s of its samples.
  let other: LeakSuspect | undefined;
  await until(() => other !== undefined, 'the unpinned leak in the suspects list', 60_000, async () => {
    await ticks(svc, 1);
    other = rowOf((await svc['memory.suspects']({ limit: 200 })).suspects, unpinned.pid);
  });
  expect(other!.verdict.kind).toBe('growing');
  // Found on the first tick it qualifies: 30 s, plus the ticks a loaded machine may skip or delay (seen: 2 ms over 2).
  expect(other!.verdict.observedMs).toBeLessThanOrEqual(30_000 + 3 * TICK_MS);
  expect(other!.verdict.rateMiBPerMin!).toBeGreaterThan(TRUE_RATE * 0.75);
  expect(other!.verdict.rateMiBPerMin!).toBeLessThan(TRUE_RATE * 1.25);

  // Pinning it from the list: the card starts from the list's samples and says what the list says.
  const second = await svc['memory.pin']({ pid: unpinned.pid });
  const listed = rowOf((await svc['memory.suspects']({ limit: 200 })).suspects, unpinned.pid);
  const shown = await pinInfo(svc, second.pinId);
  expect(second.verdict.kind).toBe('growing');
  expect(listed!.verdict).toEqual(shown.verdict);
  await svc['memory.unpin']({ pinId: pin.pinId });
  await svc['memory.unpin']({ pinId: second.pinId });
}, 150_000);
