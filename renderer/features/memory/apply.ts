import type { MemoryAlert, MemoryPinInfo, MemorySeriesPoint, MemoryStreamMessage } from '../../../native-bridge/contract/index.js';

/** Points kept per pin in the UI: an hour at 1 Hz (the backend keeps 15 minutes by default). */
export const SERIES_CAPACITY = 3600;
/** Alerts kept in the list; older ones are counted, not shown. */
export const ALERT_CAPACITY = 1000;

export type TickMessage = Extract<MemoryStreamMessage, { kind: 'tick' }>;

/** Pins in the order they were pinned: a new pin goes to the end, an updated one keeps its place. */
function sortPins(pins: MemoryPinInfo[]): MemoryPinInfo[] {
  return pins.sort((a, b) => a.pinnedAt - b.pinnedAt || a.pinId.localeCompare(b.pinId));
}

/** Both lists as one, one item per key (b's wins over a's), ascending by key. */
function mergeBy<T>(a: readonly T[], b: readonly T[], key: (item: T) => number): T[] {
  const byKey = new Map(a.map((item) => [key(item), item]));
  for (const item of b) byKey.set(key(item), item);
  return [...byKey.values()].sort((x, y) => key(x) - key(y));
}

/** Oldest first, one point per time; capped from the old end. */
export function mergeSeries(a: readonly MemorySeriesPoint[], b: readonly MemorySeriesPoint[], capacity = SERIES_CAPACITY): MemorySeriesPoint[] {
  const merged = mergeBy(a, b, (p) => p.time);
  return merged.length > capacity ? merged.slice(merged.length - capacity) : merged;
}

export function appendPoint(series: readonly MemorySeriesPoint[], point: MemorySeriesPoint, capacity = SERIES_CAPACITY): readonly MemorySeriesPoint[] {
  const last = series[series.length - 1];
  // A point already held (a resync raced a tick) or one from before it: merge instead of appending.
  if (last && point.time <= last.time) return mergeSeries(series, [point], capacity);
  const next = series.length >= capacity ? series.slice(series.length - capacity + 1) : series.slice();
  next.push(point);
  return next;
}

/**
 * A pin as the backend describes it (memory.pin's answer, a `pinned` message, a resync). The series
 * already held is kept and merged: the answer may be older than the ticks that arrived meanwhile.
 */
export function upsertPin(pins: readonly MemoryPinInfo[], info: MemoryPinInfo): MemoryPinInfo[] {
  const existing = pins.find((p) => p.pinId === info.pinId);
  if (!existing) return sortPins([...pins, info]);
  const newer = (existing.series.at(-1)?.time ?? -Infinity) > (info.series.at(-1)?.time ?? -Infinity);
  const merged: MemoryPinInfo = {
    ...info,
    // What the ticks brought is more recent than an answer that was on its way meanwhile.
    ...(newer ? { status: existing.status, pid: existing.pid, verdict: existing.verdict } : {}),
    series: mergeSeries(existing.series, info.series),
    restarts: mergeRestarts(existing.restarts, info.restarts),
    snapshots: mergeSnapshots(existing.snapshots, info.snapshots),
  };
  return sortPins(pins.map((p) => (p.pinId === info.pinId ? merged : p)));
}

const mergeRestarts = (a: MemoryPinInfo['restarts'], b: MemoryPinInfo['restarts']) => mergeBy(a, b, (r) => r.time);

export const mergeSnapshots = (a: MemoryPinInfo['snapshots'], b: MemoryPinInfo['snapshots']) => mergeBy(a, b, (s) => s.snapshotId);

export function removePin(pins: readonly MemoryPinInfo[], pinId: string): MemoryPinInfo[] {
  return pins.filter((p) => p.pinId !== pinId);
}

/**
 * One sampling tick: a point, the verdict, status and any restart for each pin. `unknown` says it updated
 * pins this client does not know (pinned before it subscribed, a lost message): resync.
 */
export function applyTick(pins: readonly MemoryPinInfo[], tick: TickMessage) {
  const updates = new Map(tick.pins.map((u) => [u.pinId, u]));
  let unknown = false;
  for (const id of updates.keys()) if (!pins.some((p) => p.pinId === id)) unknown = true;
  const next = pins.map((pin) => {
    const u = updates.get(pin.pinId);
    if (!u) return pin;
    return {
      ...pin,
      status: u.status,
      pid: u.pid,
      verdict: u.verdict,
      series: u.point ? appendPoint(pin.series, u.point) : pin.series,
      restarts: u.restart ? mergeRestarts(pin.restarts, [u.restart]) : pin.restarts,
    } as MemoryPinInfo;
  });
  return { pins: next, unknown };
}

export interface AlertList {
  /** Newest first. */
  alerts: readonly MemoryAlert[];
  /** Alerts no longer in the list (pushed out here, or by the backend's own bounded list). */
  dropped: number;
}

/**
 * Adds alerts to the list without losing earlier ones: by id (the same alert from the backlog and from
 * the stream counts once), newest first, and only the oldest fall off past the capacity.
 */
export function mergeAlerts(list: AlertList, incoming: readonly MemoryAlert[], capacity = ALERT_CAPACITY): AlertList {
  if (incoming.length === 0) return list;
  const all = mergeBy(list.alerts, incoming, (a) => a.alertId).reverse();
  const overflow = Math.max(0, all.length - capacity);
  return { alerts: overflow > 0 ? all.slice(0, capacity) : all, dropped: list.dropped + overflow };
}
