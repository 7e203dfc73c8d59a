import type { SystemSample } from '../../contract/system.js';
import { formatBytes, formatByteRate, formatDuration, plural } from '../../common/format/index.js';

const pct = (value: number): string => `${value.toFixed(1)}%`;

/** The human form of `triage sample`: what a glance at top/free/iostat would tell, with the window CPU % covers. */
export function formatSample(sample: SystemSample): string {
  const m = sample.memory;
  const lines = [
    `CPU      ${pct(sample.cpu.total.busy)} busy over ${Math.round(sample.intervalMs)} ms (user ${pct(sample.cpu.total.user)}, system ${pct(sample.cpu.total.system)}, iowait ${pct(sample.cpu.total.iowait)}, steal ${pct(sample.cpu.total.steal)}) on ${plural(sample.cpu.cores.length, 'core')}`,
    `Load     ${sample.load.one.toFixed(2)} ${sample.load.five.toFixed(2)} ${sample.load.fifteen.toFixed(2)} (cores: ${sample.load.cores})`,
    `Memory   ${formatBytes(m.usedBytes)} used of ${formatBytes(m.totalBytes)}, ${formatBytes(m.availableBytes)} available, ${formatBytes(m.buffersBytes + m.cachedBytes)} buffers/cache`,
    `Swap     ${formatBytes(m.swapUsedBytes)} used of ${formatBytes(m.swapTotalBytes)}, in ${formatByteRate(m.swapInBytesPerSec)}, out ${formatByteRate(m.swapOutBytesPerSec)}`,
  ];
  if (sample.pressure) {
    const p = sample.pressure;
    const some = (x: typeof p.cpu) => (x ? pct(x.some.avg10) : 'n/a');
    lines.push(`Pressure cpu ${some(p.cpu)}, memory ${some(p.memory)}, io ${some(p.io)} (some, avg10)`);
  }
  for (const d of sample.disks) {
    lines.push(`Disk     ${d.name}: read ${formatByteRate(d.readBytesPerSec)}, write ${formatByteRate(d.writeBytesPerSec)}, busy ${pct(d.busyPercent)}`);
  }
  for (const n of sample.net) {
    lines.push(`Net      ${n.name}: rx ${formatByteRate(n.rxBytesPerSec)}, tx ${formatByteRate(n.txBytesPerSec)}`);
  }
  lines.push(`Uptime   ${formatDuration(sample.uptimeSec * 1000)}, ${plural(sample.processes, 'process', 'processes')}`);
  return `${lines.join('\n')}\n`;
}
