import * as z from 'zod';
import { method, stream } from './define.js';

const rate = z.number().nonnegative();

export const CpuTimes = z.lazy(() => z.object({
  /** Percent of this CPU's time in the interval (0..100). */
  user: z.number(),
  system: z.number(),
  iowait: z.number(),
  steal: z.number(),
  /** Everything not idle: user+nice+system+irq+softirq+iowait+steal. */
  busy: z.number(),
}));
export type CpuTimes = z.infer<typeof CpuTimes>;

export const PressureLine = z.lazy(() => z.object({ avg10: z.number(), avg60: z.number(), avg300: z.number() }));
export const Pressure = z.lazy(() => z.object({ some: PressureLine, full: PressureLine.nullable() }));
export type Pressure = z.infer<typeof Pressure>;

export const DiskRates = z.lazy(() => z.object({
  name: z.string(),
  readBytesPerSec: rate,
  writeBytesPerSec: rate,
  readsPerSec: rate,
  writesPerSec: rate,
  /** Share of the interval the device had I/O in flight (0..100). */
  busyPercent: z.number(),
}));
export type DiskRates = z.infer<typeof DiskRates>;

export const NetRates = z.lazy(() => z.object({
  name: z.string(),
  rxBytesPerSec: rate,
  txBytesPerSec: rate,
  rxErrorsPerSec: rate,
  txErrorsPerSec: rate,
  rxDropsPerSec: rate,
  txDropsPerSec: rate,
}));
export type NetRates = z.infer<typeof NetRates>;

export const SystemSample = z.lazy(() => z.object({
  /** Wall-clock time of the sample, ms since the epoch. */
  time: z.number(),
  /** Length of the interval the rates cover, ms. */
  intervalMs: z.number(),
  cpu: z.object({ total: CpuTimes, cores: z.array(CpuTimes) }),
  load: z.object({ one: z.number(), five: z.number(), fifteen: z.number(), cores: z.number().int() }),
  memory: z.object({
    totalBytes: z.number(),
    usedBytes: z.number(),
    availableBytes: z.number(),
    freeBytes: z.number(),
    buffersBytes: z.number(),
    cachedBytes: z.number(),
    swapTotalBytes: z.number(),
    swapUsedBytes: z.number(),
    swapInBytesPerSec: rate,
    swapOutBytesPerSec: rate,
  }),
  /** Pressure stall information; null where the kernel has no /proc/pressure. */
  pressure: z
    .object({ cpu: Pressure.nullable(), memory: Pressure.nullable(), io: Pressure.nullable() })
    .nullable(),
  disks: z.array(DiskRates),
  net: z.array(NetRates),
  uptimeSec: z.number(),
  processes: z.number().int(),
  /** Which implementation produced it: the /proc reader or the systeminformation fallback. */
  source: z.enum(['procfs', 'systeminformation']),
}));
export type SystemSample = z.infer<typeof SystemSample>;

export const Inventory = z.lazy(() => z.object({
  hostname: z.string(),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), kernel: z.string(), arch: z.string() }),
  cpu: z.object({
    manufacturer: z.string(),
    brand: z.string(),
    physicalCores: z.number().int(),
    logicalCores: z.number().int(),
    speedGHz: z.number(),
  }),
  memory: z.object({ totalBytes: z.number(), swapTotalBytes: z.number() }),
  disks: z.array(z.object({ name: z.string(), type: z.string(), sizeBytes: z.number(), vendor: z.string() })),
  filesystems: z.array(
    z.object({
      mount: z.string(),
      fsType: z.string(),
      sizeBytes: z.number(),
      usedBytes: z.number(),
      /** What an ordinary user may still write (reserved blocks excluded); absent in older snapshots. */
      availableBytes: z.number().optional(),
      /** used / (used + available), as df and Disk & I/O compute it; absent in older snapshots. */
      usedPercent: z.number().optional(),
    }),
  ),
  network: z.array(
    z.object({ name: z.string(), ip4: z.string(), ip6: z.string(), mac: z.string(), speedMbps: z.number().nullable() }),
  ),
  battery: z
    .object({ percent: z.number(), charging: z.boolean(), cycleCount: z.number().nullable(), model: z.string() })
    .nullable(),
}));
export type Inventory = z.infer<typeof Inventory>;

export const MetricsMessage = z.lazy(() => z.discriminatedUnion('kind', [
  /** Sent once to each new subscriber: what the ring holds. */
  z.object({ kind: z.literal('history'), samples: z.array(SystemSample), intervalMs: z.number() }),
  z.object({ kind: z.literal('sample'), sample: SystemSample }),
]));
export type MetricsMessage = z.infer<typeof MetricsMessage>;

/** The sampling interval's one range: the app offers choices inside it, the CLI takes any value in it. */
export const INTERVAL_MS = { min: 100, max: 60_000 } as const;

export function intervalProblem(ms: number): string | null {
  return Number.isInteger(ms) && ms >= INTERVAL_MS.min && ms <= INTERVAL_MS.max
    ? null
    : `The sampling interval must be a whole number of milliseconds from ${INTERVAL_MS.min} ms to ${INTERVAL_MS.max / 1000} s.`;
}

export const IntervalMs = z.number().int().min(INTERVAL_MS.min).max(INTERVAL_MS.max);

export const systemContract = {
  'system.sample': method({ input: z.lazy(() => z.object({}).strict()), output: SystemSample }),
  'system.inventory': method({ input: z.lazy(() => z.object({}).strict()), output: Inventory }),
  'system.metrics': stream({ input: z.lazy(() => z.object({}).strict()), message: MetricsMessage }),
  'system.setInterval': method({
    input: z.lazy(() => z.object({ intervalMs: IntervalMs }).strict()),
    output: z.lazy(() => z.object({ intervalMs: IntervalMs })),
  }),
} as const;
