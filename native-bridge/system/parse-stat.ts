import { lineEnd, readUints } from '../procfs/scan.js';

/** Cumulative clock ticks of one CPU (or of all, for the aggregate line) since boot. */
export interface CpuJiffies {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface StatCpus {
  total: CpuJiffies;
  /** One entry per online CPU, in the kernel's order; `id` is N of `cpuN` (offline CPUs have no line). */
  cores: { id: number; jiffies: CpuJiffies }[];
}

/**
 * The `cpu` lines of /proc/stat. Columns the kernel does not print (iowait before 2.5.41, irq/softirq before 2.6.0,
 * steal before 2.6.11) count as 0. guest and guest_nice are ignored on purpose: the kernel already counts them in user
 * and nice. Parsing stops after the cpu lines, so the long `intr` line is never scanned.
 */
export function parseStat(text: string): StatCpus {
  const cores: StatCpus['cores'] = [];
  let total: CpuJiffies | null = null;
  const numbers: number[] = [];
  let pos = 0;
  while (pos < text.length && text.startsWith('cpu', pos)) {
    const end = lineEnd(text, pos);
    let labelEnd = pos + 3;
    let id = -1;
    while (labelEnd < end) {
      const c = text.charCodeAt(labelEnd);
      if (c < 48 || c > 57) break;
      id = (id === -1 ? 0 : id * 10) + (c - 48);
      labelEnd++;
    }
    const jiffies = toJiffies(readUints(text, labelEnd, end, numbers));
    if (id === -1) total = jiffies;
    else cores.push({ id, jiffies });
    pos = end + 1;
  }
  if (!total) throw new Error('/proc/stat has no aggregate cpu line');
  return { total, cores };
}

function toJiffies(n: readonly number[]): CpuJiffies {
  return {
    user: n[0] ?? 0,
    nice: n[1] ?? 0,
    system: n[2] ?? 0,
    idle: n[3] ?? 0,
    iowait: n[4] ?? 0,
    irq: n[5] ?? 0,
    softirq: n[6] ?? 0,
    steal: n[7] ?? 0,
  };
}
