import type { SeriesUnit } from '../contract/history.js';
import type { SystemSample } from '../contract/system.js';

/**
 * A system sample as flat named series ("cpu.busy", "disk.sda.read"…), the shape the recorder stores and
 * `history.series` returns. Per-device and per-interface keys come and go with the devices.
 */
export function flattenSample(s: SystemSample): Map<string, number> {
  const out = new Map<string, number>();
  const t = s.cpu.total;
  out.set('cpu.busy', t.busy).set('cpu.user', t.user).set('cpu.system', t.system).set('cpu.iowait', t.iowait).set('cpu.steal', t.steal);
  s.cpu.cores.forEach((core, i) => out.set(`cpu.core.${i}`, core.busy));
  out.set('load.one', s.load.one).set('load.five', s.load.five).set('load.fifteen', s.load.fifteen);
  const m = s.memory;
  out
    .set('mem.total', m.totalBytes)
    .set('mem.used', m.usedBytes)
    .set('mem.available', m.availableBytes)
    .set('mem.free', m.freeBytes)
    .set('mem.buffers', m.buffersBytes)
    .set('mem.cached', m.cachedBytes)
    .set('swap.total', m.swapTotalBytes)
    .set('swap.used', m.swapUsedBytes)
    .set('swap.in', m.swapInBytesPerSec)
    .set('swap.out', m.swapOutBytesPerSec);
  for (const kind of ['cpu', 'memory', 'io'] as const) {
    const p = s.pressure?.[kind];
    if (!p) continue;
    out.set(`psi.${kind}.some`, p.some.avg10);
    if (p.full) out.set(`psi.${kind}.full`, p.full.avg10);
  }
  for (const d of s.disks) {
    out.set(`disk.${d.name}.read`, d.readBytesPerSec).set(`disk.${d.name}.write`, d.writeBytesPerSec);
    out.set(`disk.${d.name}.reads`, d.readsPerSec).set(`disk.${d.name}.writes`, d.writesPerSec).set(`disk.${d.name}.busy`, d.busyPercent);
  }
  for (const n of s.net) {
    out.set(`net.${n.name}.rx`, n.rxBytesPerSec).set(`net.${n.name}.tx`, n.txBytesPerSec);
    out.set(`net.${n.name}.errors`, n.rxErrorsPerSec + n.txErrorsPerSec).set(`net.${n.name}.drops`, n.rxDropsPerSec + n.txDropsPerSec);
  }
  out.set('procs', s.processes);
  return out;
}

/** What a key measures, from its name alone (so old rows need no stored units). */
export function unitOf(key: string): SeriesUnit {
  if (key.startsWith('load.')) return 'load';
  if (key === 'procs') return 'count';
  if (key.startsWith('cpu.') || key.startsWith('psi.') || key.endsWith('.busy')) return 'percent';
  if (key.startsWith('mem.') || key === 'swap.total' || key === 'swap.used') return 'bytes';
  if (key.endsWith('.reads') || key.endsWith('.writes') || key.endsWith('.errors') || key.endsWith('.drops')) return 'perSec';
  return 'bytesPerSec';
}

/**
 * Stored values are whole numbers (they delta-encode and compress well): percent and load to 0.01,
 * bytes to KiB (/proc/meminfo counts in kB), per-second counts to 0.01, byte rates to 1 B/s.
 */
export function scaleOf(key: string): number {
  switch (unitOf(key)) {
    case 'percent':
    case 'load':
    case 'perSec':
      return 100;
    case 'bytes':
      return 1 / 1024;
    default:
      return 1;
  }
}

/** Whether a key is wanted by a list of keys or prefixes ("disk." takes every disk key). */
export function keyWanted(key: string, wanted: readonly string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return wanted.some((w) => key === w || (w.endsWith('.') && key.startsWith(w)));
}
