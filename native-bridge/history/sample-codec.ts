import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { scaleOf } from './series-keys.js';

/** One system sample as the recorder keeps it: its clocks plus the flat series. */
export interface StoredSample {
  /** Wall time, ms since the epoch. */
  wall: number;
  /** CLOCK_MONOTONIC, ms (stops during suspend). */
  mono: number;
  /** /proc/uptime, ms (CLOCK_BOOTTIME: runs during suspend). */
  uptime: number;
  values: Map<string, number>;
}

/** A block decoded: columns aligned with `walls`, one per key of the block's layout (null where absent). */
export interface DecodedBlock {
  walls: number[];
  monos: number[];
  uptimes: number[];
  keys: readonly string[];
  columns: Array<Array<number | null>>;
}

function deltas(values: ReadonlyArray<number | null>): Array<number | null> {
  let prev = 0;
  return values.map((v) => {
    if (v === null) return null;
    const d = v - prev;
    prev = v;
    return d;
  });
}

function undeltas(values: ReadonlyArray<number | null>): Array<number | null> {
  let prev = 0;
  return values.map((d) => {
    if (d === null) return null;
    prev += d;
    return prev;
  });
}

/** The keys of a set of samples, sorted: the block's layout. */
export function layoutOf(samples: readonly StoredSample[]): string[] {
  const keys = new Set<string>();
  for (const s of samples) for (const k of s.values.keys()) keys.add(k);
  return [...keys].sort();
}

/**
 * A block of samples as one compressed blob: every column quantized to whole numbers (series-keys.ts
 * says how), delta-encoded (a steady series becomes zeros) and deflated.
 */
export function encodeBlock(samples: readonly StoredSample[], keys: readonly string[]): Buffer {
  const columns = keys.map((key) => {
    const scale = scaleOf(key);
    return deltas(samples.map((s) => {
      const v = s.values.get(key);
      return v === undefined || !Number.isFinite(v) ? null : Math.round(v * scale);
    }));
  });
  const body = {
    w: deltas(samples.map((s) => Math.round(s.wall))),
    m: deltas(samples.map((s) => Math.round(s.mono))),
    u: deltas(samples.map((s) => Math.round(s.uptime))),
    v: columns,
  };
  return deflateRawSync(JSON.stringify(body));
}

export function decodeBlock(blob: Buffer, keys: readonly string[]): DecodedBlock {
  const body = JSON.parse(inflateRawSync(blob).toString('utf8')) as { w: number[]; m: number[]; u: number[]; v: Array<Array<number | null>> };
  return {
    walls: undeltas(body.w) as number[],
    monos: undeltas(body.m) as number[],
    uptimes: undeltas(body.u) as number[],
    keys,
    columns: keys.map((key, i) => {
      const scale = scaleOf(key);
      return undeltas(body.v[i] ?? []).map((v) => (v === null ? null : v / scale));
    }),
  };
}
