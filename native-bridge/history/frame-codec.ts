import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The changing part of a process row, keyed by the recorded process's id (procs table). */
export interface FrameRow {
  id: number;
  state: string;
  /** % of one core over the frame's interval. */
  cpu: number;
  /** Seconds. */
  cpuTime: number;
  rss: number;
  shared: number | null;
  vsize: number;
  swap: number | null;
  threads: number;
  nice: number;
  priority: number;
  ioReadPerSec: number | null;
  ioWritePerSec: number | null;
  /** Set when they differ from what procs holds (a program that renamed itself or rewrote its argv). */
  name?: string;
  cmdline?: string;
}

export interface Frame {
  /** A keyframe lists every process; the others only those that changed, and those gone. */
  key: boolean;
  ncpu: number;
  totalMemoryBytes: number;
  rows: FrameRow[];
  gone: number[];
}

const KiB = 1024;
const orNull = (v: number | null, f: (x: number) => number): number => (v === null ? -1 : f(v));
const back = (v: number, f: (x: number) => number): number | null => (v < 0 ? null : f(v));

function deltas(values: readonly number[]): number[] {
  let prev = 0;
  return values.map((v) => {
    const d = v - prev;
    prev = v;
    return d;
  });
}

function undeltas(values: readonly number[]): number[] {
  let prev = 0;
  return values.map((d) => (prev += d));
}

/**
 * Columns of whole numbers (CPU in 0.1 %, CPU time in 10 ms ticks, sizes in KiB, rates in B/s; -1 for
 * "could not read"), rows sorted by id with ids delta-encoded, then deflated.
 */
export function encodeFrame(frame: Frame): Buffer {
  const rows = [...frame.rows].sort((a, b) => a.id - b.id);
  const names: Record<number, string> = {};
  const cmdlines: Record<number, string> = {};
  rows.forEach((r, i) => {
    if (r.name !== undefined) names[i] = r.name;
    if (r.cmdline !== undefined) cmdlines[i] = r.cmdline;
  });
  const body = {
    k: frame.key ? 1 : 0,
    n: frame.ncpu,
    m: Math.round(frame.totalMemoryBytes / KiB),
    id: deltas(rows.map((r) => r.id)),
    st: rows.map((r) => r.state[0] ?? '?').join(''),
    cpu: rows.map((r) => Math.round(r.cpu * 10)),
    ct: rows.map((r) => Math.round(r.cpuTime * 100)),
    rss: rows.map((r) => Math.round(r.rss / KiB)),
    sh: rows.map((r) => orNull(r.shared, (v) => Math.round(v / KiB))),
    vs: rows.map((r) => Math.round(r.vsize / KiB)),
    sw: rows.map((r) => orNull(r.swap, (v) => Math.round(v / KiB))),
    th: rows.map((r) => r.threads),
    ni: rows.map((r) => r.nice),
    pr: rows.map((r) => r.priority),
    ir: rows.map((r) => orNull(r.ioReadPerSec, Math.round)),
    iw: rows.map((r) => orNull(r.ioWritePerSec, Math.round)),
    g: deltas([...frame.gone].sort((a, b) => a - b)),
    nm: names,
    cl: cmdlines,
  };
  return deflateRawSync(JSON.stringify(body));
}

export function decodeFrame(blob: Buffer): Frame {
  const b = JSON.parse(inflateRawSync(blob).toString('utf8')) as {
    k: number; n: number; m: number; id: number[]; st: string; cpu: number[]; ct: number[]; rss: number[]; sh: number[];
    vs: number[]; sw: number[]; th: number[]; ni: number[]; pr: number[]; ir: number[]; iw: number[]; g: number[];
    nm: Record<string, string>; cl: Record<string, string>;
  };
  const ids = undeltas(b.id);
  const rows = ids.map((id, i): FrameRow => {
    const row: FrameRow = {
      id,
      state: b.st[i] ?? '?',
      cpu: b.cpu[i]! / 10,
      cpuTime: b.ct[i]! / 100,
      rss: b.rss[i]! * KiB,
      shared: back(b.sh[i]!, (v) => v * KiB),
      vsize: b.vs[i]! * KiB,
      swap: back(b.sw[i]!, (v) => v * KiB),
      threads: b.th[i]!,
      nice: b.ni[i]!,
      priority: b.pr[i]!,
      ioReadPerSec: back(b.ir[i]!, (v) => v),
      ioWritePerSec: back(b.iw[i]!, (v) => v),
    };
    if (b.nm[i] !== undefined) row.name = b.nm[i];
    if (b.cl[i] !== undefined) row.cmdline = b.cl[i];
    return row;
  });
  return { key: b.k === 1, ncpu: b.n, totalMemoryBytes: b.m * KiB, rows, gone: undeltas(b.g) };
}
