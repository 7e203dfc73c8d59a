import type { SystemSample } from '../contract/system.js';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const pct = (value: number): string => `${value.toFixed(1)}%`;

/** The human form of `triage sample`: what a glance at top/free/iostat would tell. */
export function formatSample(sample: SystemSample): string {
  const m = sample.memory;
  const lines = [
    `CPU      ${pct(sample.cpu.total.busy)} busy (user ${pct(sample.cpu.total.user)}, system ${pct(sample.cpu.total.system)}, iowait ${pct(sample.cpu.total.iowait)}, steal ${pct(sample.cpu.total.steal)}) on ${sample.cpu.cores.length} cores`,
    `Load     ${sample.load.one.toFixed(2)} ${sample.load.five.toFixed(2)} ${sample.load.fifteen.toFixed(2)} (cores: ${sample.load.cores})`,
    `Memory   ${formatBytes(m.usedBytes)} used of ${formatBytes(m.totalBytes)}, ${formatBytes(m.availableBytes)} available, ${formatBytes(m.buffersBytes + m.cachedBytes)} buffers/cache`,
    `Swap     ${formatBytes(m.swapUsedBytes)} used of ${formatBytes(m.swapTotalBytes)}, in ${formatBytes(m.swapInBytesPerSec)}/s, out ${formatBytes(m.swapOutBytesPerSec)}/s`,
  ];
  if (sample.pressure) {
    const p = sample.pressure;
    const some = (x: typeof p.cpu) => (x ? pct(x.some.avg10) : 'n/a');
    lines.push(`Pressure cpu ${some(p.cpu)}, memory ${some(p.memory)}, io ${some(p.io)} (some, avg10)`);
  }
  for (const d of sample.disks) {
    lines.push(`Disk     ${d.name}: read ${formatBytes(d.readBytesPerSec)}/s, write ${formatBytes(d.writeBytesPerSec)}/s, busy ${pct(d.busyPercent)}`);
  }
  for (const n of sample.net) {
    lines.push(`Net      ${n.name}: rx ${formatBytes(n.rxBytesPerSec)}/s, tx ${formatBytes(n.txBytesPerSec)}/s`);
  }
  lines.push(`Uptime   ${(sample.uptimeSec / 3600).toFixed(1)} h, ${sample.processes} processes`);
  return `${lines.join('\n')}\n`;
}
