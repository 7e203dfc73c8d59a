import type Database from 'better-sqlite3';
import type { HistoryGap, SeriesResult } from '../contract/history.js';
import type { Layouts } from './layouts.js';
import { MINUTE, TEN_MINUTES } from './minute-compaction.js';
import { decodeRollup } from './rollup.js';
import { decodeBlock } from './sample-codec.js';
import { gap, hiddenByLater, segmentGaps, segmentsAround } from './segments.js';
import { keyWanted, unitOf } from './series-keys.js';

export interface SeriesQuery {
  from: number;
  to: number;
  maxPoints: number;
  series?: readonly string[];
}

type Tier = 0 | 1 | 2;
const TIER_MS: Record<Tier, number> = { 0: 0, 1: MINUTE, 2: TEN_MINUTES };

interface Slot {
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  weight: Float64Array;
}

/** Per key, per bucket: min, max, weighted sum and weight. */
class Buckets {
  readonly perKey = new Map<string, Slot>();
  readonly filled: Uint8Array;

  constructor(readonly from: number, readonly width: number, readonly count: number, private readonly wanted: readonly string[] | undefined) {
    this.filled = new Uint8Array(count);
  }

  index(t: number): number {
    return Math.min(this.count - 1, Math.max(0, Math.floor((t - this.from) / this.width)));
  }

  slot(key: string): Slot | undefined {
    let s = this.perKey.get(key);
    if (!s && keyWanted(key, this.wanted)) {
      const n = this.count;
      s = { min: new Float64Array(n).fill(Infinity), max: new Float64Array(n).fill(-Infinity), sum: new Float64Array(n), weight: new Float64Array(n) };
      this.perKey.set(key, s);
    }
    return s;
  }

  addTo(s: Slot, b: number, lo: number, avg: number, hi: number, weight: number): void {
    if (Number.isNaN(avg)) return;
    if (lo < s.min[b]!) s.min[b] = lo;
    if (hi > s.max[b]!) s.max[b] = hi;
    s.sum[b] = s.sum[b]! + avg * weight;
    s.weight[b] = s.weight[b]! + weight;
    this.filled[b] = 1;
  }
}

/** Where each tier's data ends or starts, to stitch tiers without overlap. */
function bounds(db: Database.Database) {
  const rawOldest = db.prepare<[], { v: number | null }>('SELECT min(first_wall) AS v FROM blocks').get()?.v ?? null;
  const lastMinute = db.prepare<[], { v: number | null }>('SELECT max(start_wall) AS v FROM rollups WHERE tier = 1').get()?.v ?? null;
  return { rawOldest, minuteEnd: lastMinute === null ? null : lastMinute + MINUTE };
}

/**
 * History of the system series at the resolution the caller can draw: never more than maxPoints buckets.
 * Short ranges read the raw samples; buckets of half a minute or more read the minute rollups; five minutes
 * or more, the ten-minute rollups. Each tier is used where it has data (raw samples are kept a day, rollups
 * for the whole retention), stitched without overlap.
 */
export function querySeries(db: Database.Database, layouts: Layouts, q: SeriesQuery, now: number): SeriesResult {
  const { target, origin, width, count } = bucketing(q);
  const buckets = new Buckets(origin, width, count, q.series);
  const segments = segmentsAround(db, q.from, q.to);
  const hidden = hiddenByLater(segments);
  const interval = new Map(segments.map((s) => [s.id, s.interval_ms]));
  const gaps: HistoryGap[] = segmentGaps(segments, q.from, q.to, now);
  const { rawOldest, minuteEnd } = bounds(db);

  const pieces: Array<{ tier: Tier; from: number; to: number }> = [];
  if (target === 0) {
    const rawFrom = rawOldest ?? q.to;
    pieces.push({ tier: 1, from: q.from, to: Math.min(rawFrom, q.to) }, { tier: 0, from: Math.max(q.from, rawFrom), to: q.to });
  } else {
    const minuteTo = minuteEnd ?? q.from;
    const tenTo = target === 2 ? Math.floor(minuteTo / TEN_MINUTES) * TEN_MINUTES : q.from;
    pieces.push(
      { tier: 2, from: q.from, to: Math.min(tenTo, q.to) },
      { tier: 1, from: Math.max(q.from, tenTo), to: Math.min(minuteTo, q.to) },
      { tier: 0, from: Math.max(q.from, minuteTo), to: q.to },
    );
  }
  for (const piece of pieces) {
    if (piece.to <= piece.from) continue;
    if (piece.tier === 0) readRaw(db, layouts, piece.from, piece.to, buckets, hidden, interval, gaps);
    else readRollups(db, layouts, piece.tier, piece.from, piece.to, buckets, hidden, gaps);
  }
  return assemble(q, buckets, gaps);
}

/**
 * The buckets: at most maxPoints of them. A tier whose step is at most twice the asked width is fine enough
 * (a 24 h chart 1920 px wide asks for 45-s buckets: its minute rollups give 1440 points, at a tenth of the
 * cost of decoding 86 400 samples); rollup buckets are whole steps, aligned to the clock.
 */
function bucketing(q: SeriesQuery): { target: Tier; origin: number; width: number; count: number } {
  const span = q.to - q.from;
  const asked = Math.max(1000, Math.ceil(span / q.maxPoints));
  const target: Tier = asked >= TEN_MINUTES / 2 ? 2 : asked >= MINUTE / 2 ? 1 : 0;
  if (target === 0) return { target, origin: q.from, width: asked, count: Math.max(1, Math.ceil(span / asked)) };
  const step = TIER_MS[target];
  const origin = Math.floor(q.from / step) * step;
  const width = step * Math.ceil((q.to - origin) / (q.maxPoints * step));
  return { target, origin, width, count: Math.max(1, Math.ceil((q.to - origin) / width)) };
}

function readRaw(
  db: Database.Database, layouts: Layouts, from: number, to: number, buckets: Buckets,
  hidden: (segment: number, t: number) => boolean, interval: Map<number, number>, gaps: HistoryGap[],
): void {
  const rows = db
    .prepare<[number, number], { segment: number; layout: number; data: Buffer }>('SELECT segment, layout, data FROM blocks WHERE last_wall >= ? AND first_wall < ? ORDER BY first_wall')
    .all(from, to);
  const lastBySegment = new Map<number, number>();
  for (const row of rows) {
    const block = decodeBlock(row.data, layouts.keysOf(row.layout));
    const slack = Math.max(3 * (interval.get(row.segment) ?? 1000), 5000);
    // Which bucket each sample goes to (-1: outside or hidden), then one pass per column: a day of samples
    // is millions of values, so nothing per value but arithmetic.
    const bucketOf = block.walls.map((t) => {
      if (t < from || t >= to || hidden(row.segment, t)) return -1;
      const prev = lastBySegment.get(row.segment);
      if (prev !== undefined && t - prev > slack) gaps.push(gap(prev, t, 'no-samples'));
      lastBySegment.set(row.segment, t);
      return buckets.index(t);
    });
    block.keys.forEach((key, k) => {
      const slot = buckets.slot(key);
      if (!slot) return;
      const column = block.columns[k]!;
      for (let i = 0; i < column.length; i++) {
        const v = column[i];
        const b = bucketOf[i]!;
        if (b >= 0 && v !== null && v !== undefined) buckets.addTo(slot, b, v, v, v, 1);
      }
    });
  }
}

function readRollups(
  db: Database.Database, layouts: Layouts, tier: 1 | 2, from: number, to: number, buckets: Buckets,
  hidden: (segment: number, t: number) => boolean, gaps: HistoryGap[],
): void {
  const step = TIER_MS[tier];
  // A rollup belongs to the bucket of its start (the one holding `from` counts in the first bucket).
  const rows = db
    .prepare<[number, number, number], { start_wall: number; segment: number; count: number; layout: number; data: Buffer }>(
      'SELECT start_wall, segment, count, layout, data FROM rollups WHERE tier = ? AND start_wall >= ? AND start_wall < ? ORDER BY start_wall',
    )
    .all(tier, Math.floor(from / step) * step, to);
  const lastBySegment = new Map<number, number>();
  for (const row of rows) {
    if (hidden(row.segment, row.start_wall)) continue;
    const prev = lastBySegment.get(row.segment);
    if (prev !== undefined && row.start_wall - prev > 2 * step) gaps.push(gap(prev + step, row.start_wall, 'no-samples'));
    lastBySegment.set(row.segment, row.start_wall);
    const r = decodeRollup(row.data, layouts.keysOf(row.layout), row.count);
    const b = buckets.index(Math.max(from, row.start_wall));
    r.keys.forEach((key, k) => {
      const slot = buckets.slot(key);
      if (slot) buckets.addTo(slot, b, r.min[k]!, r.avg[k]!, r.max[k]!, r.count);
    });
  }
}

function assemble(q: SeriesQuery, buckets: Buckets, gaps: HistoryGap[]): SeriesResult {
  const used: number[] = [];
  for (let b = 0; b < buckets.count; b++) if (buckets.filled[b]) used.push(b);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const series = [...buckets.perKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, s]) => ({
      key,
      unit: unitOf(key),
      avg: used.map((b) => (s.weight[b]! > 0 ? round(s.sum[b]! / s.weight[b]!) : null)),
      min: used.map((b) => (s.weight[b]! > 0 ? round(s.min[b]!) : null)),
      max: used.map((b) => (s.weight[b]! > 0 ? round(s.max[b]!) : null)),
    }));
  return {
    from: q.from,
    to: q.to,
    resolutionMs: buckets.width,
    times: used.map((b) => buckets.from + b * buckets.width),
    series,
    gaps: mergeGaps(gaps),
  };
}

/** Sorted, with overlapping gaps of the same reason joined. */
function mergeGaps(gaps: HistoryGap[]): HistoryGap[] {
  const sorted = [...gaps].sort((a, b) => a.from - b.from);
  const out: HistoryGap[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last && last.reason === g.reason && g.from <= last.to) {
      if (g.to > last.to) out[out.length - 1] = gap(last.from, g.to, g.reason);
    } else {
      out.push(g);
    }
  }
  return out;
}
