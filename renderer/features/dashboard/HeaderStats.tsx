import type { ReactNode } from 'react';
import type { SystemSample } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatPercent, plural } from '../../app/format.js';
import { formatMetric } from '../../app/metrics.js';
import { hrefFor } from '../../app/router.js';
import { useDashboard } from './store.js';

interface StatProps {
  name: string;
  label: string;
  children: ReactNode;
  sub?: ReactNode;
  warn?: boolean;
  /** Takes two grid columns (several numbers in one stat). */
  wide?: boolean;
  /** The process table column that explains this number: the card opens the table sorted by it. */
  sortBy?: { column: string; what: string };
}

function Stat({ name, label, children, sub, warn, wide, sortBy }: StatProps) {
  const className = ['stat', warn ? 'warn' : '', wide ? 'wide' : ''].filter(Boolean).join(' ');
  const body = (
    <>
      <div className="stat-label">{label}</div>
      <div className="stat-value num" data-testid={`stat-${name}-value`}>
        {children}
      </div>
      {sub ? <div className="stat-sub muted">{sub}</div> : null}
    </>
  );
  if (!sortBy) {
    return (
      <div className={className} data-testid={`stat-${name}`}>
        {body}
      </div>
    );
  }
  return (
    <a
      className={className}
      href={hrefFor('processes', { sort: sortBy.column })}
      title={`Which processes: open the process table sorted by ${sortBy.what}`}
      data-testid={`stat-${name}`}
    >
      {body}
    </a>
  );
}

/**
 * Where each card leads. Load counts the tasks that run or wait to run, and pressure is time spent
 * waiting for the CPU, memory or disk: the processes using the CPU are the first suspects of both.
 */
const SORT_CPU = { column: 'cpu', what: 'CPU use' };
const SORT_RSS = { column: 'rss', what: 'resident memory' };

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
      <Stat name="cpu" label="CPU" sortBy={SORT_CPU} sub={`user ${formatPercent(cpu.total.user)} · sys ${formatPercent(cpu.total.system)}`}>
        {formatMetric('cpu.busy', cpu.total.busy)}
      </Stat>
      <Stat name="load" label="Load 1 / 5 / 15" sortBy={SORT_CPU} sub={plural(load.cores, 'core')} warn={overloaded}>
        {formatMetric('load.one', load.one)} / {formatMetric('load.five', load.five)} / {formatMetric('load.fifteen', load.fifteen)}
      </Stat>
      <Stat name="memory" label="Memory used" sortBy={SORT_RSS} sub={`${formatPercent(memPercent)} · ${formatBytes(memory.availableBytes)} available`}>
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
        <Stat name="pressure" label="Pressure stall (some, avg10)" wide sortBy={SORT_CPU}>
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
