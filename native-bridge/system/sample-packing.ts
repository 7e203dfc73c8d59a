import type { CpuTimes, DiskRates, NetRates, Pressure, SystemSample } from '../contract/system.js';

/**
 * A system sample as the charts' 15-minute ring keeps it: its numbers in one array of doubles (V8 stores them
 * unboxed) and its shape in a layout shared by every sample of that shape. As nested objects a sample held
 * ~2.7 KB of heap and ~25 objects the collector traces at every full collection, 900 of them in a full ring;
 * packed, ~0.8 KB and two. Unpacking gives back an equal sample, keys in the collector's order.
 */
export interface PackedSample {
  readonly layout: SampleLayout;
  readonly values: readonly number[];
}

/** What a sample's numbers mean: how many cores, which disks and interfaces, which pressure lines, its source. */
export interface SampleLayout {
  readonly cores: number;
  readonly disks: readonly string[];
  readonly net: readonly string[];
  /** Per resource (cpu, memory, io): absent, `some` only, or `some` and `full`; null where the kernel has no PSI. */
  readonly pressure: readonly PressureShape[] | null;
  readonly source: SystemSample['source'];
}

type PressureShape = 'none' | 'some' | 'full';

const RESOURCES = ['cpu', 'memory', 'io'] as const;
/** Layouts are interned so that samples share them; a machine whose devices keep changing starts a new table past this. */
const MAX_LAYOUTS = 64;

export class SamplePacker {
  private readonly layouts = new Map<string, SampleLayout>();

  pack(s: SystemSample): PackedSample {
    const pressure = s.pressure ? RESOURCES.map((r) => shapeOf(s.pressure![r])) : null;
    const layout = this.layoutOf(s.cpu.cores.length, s.disks.map((d) => d.name), s.net.map((n) => n.name), pressure, s.source);
    // Sized up front: an array grown by push keeps up to half again its length in spare capacity.
    const v = new Array<number>(valueCount(layout));
    let i = 0;
    const put = (...numbers: number[]): void => {
      for (const n of numbers) v[i++] = n;
    };
    put(s.time, s.intervalMs);
    for (const c of [s.cpu.total, ...s.cpu.cores]) put(c.user, c.system, c.iowait, c.steal, c.busy);
    put(s.load.one, s.load.five, s.load.fifteen, s.load.cores);
    const m = s.memory;
    put(m.totalBytes, m.usedBytes, m.availableBytes, m.freeBytes, m.buffersBytes, m.cachedBytes, m.swapTotalBytes, m.swapUsedBytes, m.swapInBytesPerSec, m.swapOutBytesPerSec);
    for (const r of s.pressure ? RESOURCES : []) {
      const p = s.pressure![r];
      if (p) put(p.some.avg10, p.some.avg60, p.some.avg300);
      if (p?.full) put(p.full.avg10, p.full.avg60, p.full.avg300);
    }
    for (const d of s.disks) put(d.readBytesPerSec, d.writeBytesPerSec, d.readsPerSec, d.writesPerSec, d.busyPercent);
    for (const n of s.net) put(n.rxBytesPerSec, n.txBytesPerSec, n.rxErrorsPerSec, n.txErrorsPerSec, n.rxDropsPerSec, n.txDropsPerSec);
    put(s.uptimeSec, s.processes);
    return { layout, values: v };
  }

  private layoutOf(cores: number, disks: string[], net: string[], pressure: PressureShape[] | null, source: SystemSample['source']): SampleLayout {
    // JSON quotes the names, so no device name can make two shapes one key.
    const key = JSON.stringify([cores, disks, net, pressure, source]);
    const known = this.layouts.get(key);
    if (known) return known;
    if (this.layouts.size >= MAX_LAYOUTS) this.layouts.clear();
    const layout: SampleLayout = { cores, disks, net, pressure, source };
    this.layouts.set(key, layout);
    return layout;
  }
}

export function unpackSample({ layout, values }: PackedSample): SystemSample {
  let i = 0;
  const next = (): number => values[i++]!;
  const time = next();
  const intervalMs = next();
  const total = cpuOf(next);
  const cores = Array.from({ length: layout.cores }, () => cpuOf(next));
  const load = { one: next(), five: next(), fifteen: next(), cores: next() };
  const memory = {
    totalBytes: next(),
    usedBytes: next(),
    availableBytes: next(),
    freeBytes: next(),
    buffersBytes: next(),
    cachedBytes: next(),
    swapTotalBytes: next(),
    swapUsedBytes: next(),
    swapInBytesPerSec: next(),
    swapOutBytesPerSec: next(),
  };
  const shapes = layout.pressure;
  const pressure = shapes ? { cpu: pressureOf(shapes[0]!, next), memory: pressureOf(shapes[1]!, next), io: pressureOf(shapes[2]!, next) } : null;
  const disks = layout.disks.map((name): DiskRates => ({ name, readBytesPerSec: next(), writeBytesPerSec: next(), readsPerSec: next(), writesPerSec: next(), busyPercent: next() }));
  const net = layout.net.map(
    (name): NetRates => ({ name, rxBytesPerSec: next(), txBytesPerSec: next(), rxErrorsPerSec: next(), txErrorsPerSec: next(), rxDropsPerSec: next(), txDropsPerSec: next() }),
  );
  return { time, intervalMs, cpu: { total, cores }, load, memory, pressure, disks, net, uptimeSec: next(), processes: next(), source: layout.source };
}

/** The sample's time without unpacking it (the ring drops samples older than its window at every tick). */
export function packedTime(p: PackedSample): number {
  return p.values[0]!;
}

/** How many numbers a sample of this layout packs into (the order `pack` writes them in). */
function valueCount(l: SampleLayout): number {
  const pressure = (l.pressure ?? []).reduce((sum, shape) => sum + (shape === 'full' ? 6 : shape === 'some' ? 3 : 0), 0);
  return 2 + 5 * (1 + l.cores) + 4 + 10 + pressure + 5 * l.disks.length + 6 * l.net.length + 2;
}

function cpuOf(next: () => number): CpuTimes {
  return { user: next(), system: next(), iowait: next(), steal: next(), busy: next() };
}

function shapeOf(p: Pressure | null): PressureShape {
  return !p ? 'none' : p.full ? 'full' : 'some';
}

function pressureOf(shape: PressureShape, next: () => number): Pressure | null {
  if (shape === 'none') return null;
  const some = { avg10: next(), avg60: next(), avg300: next() };
  return { some, full: shape === 'full' ? { avg10: next(), avg60: next(), avg300: next() } : null };
}
