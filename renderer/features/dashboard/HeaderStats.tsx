import type { ReactNode } from 'react';
import type { SystemSample } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatPercent, plural } from '../../app/format.js';
import { formatMetric } from '../../app/metrics.js';
import { useDashboard } from './store.js';

interface StatProps {
  name: string;
  label: string;
  children: ReactNode;
  sub?: ReactNode;
  warn?: boolean;
  /** Takes two grid columns (several numbers in one stat). */
  wide?: boolean;
}

function Stat({ name, label, children, sub, warn, wide }: StatProps) {
  const className = ['stat', warn ? 'warn' : '', wide ? 'wide' : ''].filter(Boolean).join(' ');
  return (
    <div className={className} data-testid={`stat-${name}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value num" data-testid={`stat-${name}-value`}>
        {children}
      </div>
      {sub ? <div className="stat-sub muted">{sub}</div> : null}
    </div>
  );
}

function sum<T>(items: readonly T[], read: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += read(item);
  return total;
}

export function HeaderStatsView({ sample }: { sample: SystemSample }) {
  const { cpu, load, memory, pressure } = sample;
  const memPercent = memory.totalBytes > 0 ? (memory.usedBytes / memory.totalBytes) * 100 : 0;
  const overloaded = load.cores > 0 && load.one > load.cores;
  return (
    <div className="stats" data-testid="header-stats">
      <Stat name="cpu" label="CPU" sub={`user ${formatPercent(cpu.total.user)} · sys ${formatPercent(cpu.total.system)}`}>
        {formatMetric('cpu.busy', cpu.total.busy)}
      </Stat>
      <Stat name="load" label="Load 1 / 5 / 15" sub={plural(load.cores, 'core')} warn={overloaded}>
        {formatMetric('load.one', load.one)} / {formatMetric('load.five', load.five)} / {formatMetric('load.fifteen', load.fifteen)}
      </Stat>
      <Stat name="memory" label="Memory used" sub={`${formatPercent(memPercent)} · ${formatBytes(memory.availableBytes)} available`}>
        {formatMetric('mem.used', memory.usedBytes)} /{' '}
        <span data-testid="stat-memory-total" data-bytes={memory.totalBytes}>
          {formatMetric('mem.total', memory.totalBytes)}
        </span>
      </Stat>
      <Stat
        name="swap"
        label="Swap used"
        sub={memory.swapTotalBytes > 0 ? `of ${formatBytes(memory.swapTotalBytes)}` : 'no swap configured'}
      >
        {formatMetric('swap.used', memory.swapUsedBytes)}
      </Stat>
      <Stat name="disk" label="Disk read / write">
        {formatMetric('disk.read', sum(sample.disks, (d) => d.readBytesPerSec))}
        <span className="muted"> / </span>
        {formatMetric('disk.write', sum(sample.disks, (d) => d.writeBytesPerSec))}
      </Stat>
      <Stat name="net" label="Net in / out">
        {formatMetric('net.rx', sum(sample.net, (n) => n.rxBytesPerSec))}
        <span className="muted"> / </span>
        {formatMetric('net.tx', sum(sample.net, (n) => n.txBytesPerSec))}
      </Stat>
      <Stat name="uptime" label="Uptime">
        {formatMetric('uptime', sample.uptimeSec)}
      </Stat>
      <Stat name="processes" label="Processes">
        {formatMetric('processes', sample.processes)}
      </Stat>
      {pressure ? (
        <Stat name="pressure" label="Pressure stall (some, avg10)" wide>
          <span className="unit-label">cpu</span>
          {formatPercent(pressure.cpu?.some.avg10)} <span className="unit-label">mem</span>
          {formatPercent(pressure.memory?.some.avg10)} <span className="unit-label">io</span>
          {formatPercent(pressure.io?.some.avg10)}
        </Stat>
      ) : null}
    </div>
  );
}

export function HeaderStats() {
  const latest = useDashboard((s) => s.latest);
  if (!latest) return null;
  return <HeaderStatsView sample={latest} />;
}
