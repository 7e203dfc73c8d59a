import { Gauge, Registry, type OpenMetricsContentType } from 'prom-client';
import type { SystemSample } from '../contract/system.js';
import type { TopProcess } from './top-processes.js';

/** What one scrape exports: the latest system sample and the chosen processes, or null where the feed has none. */
export interface ExportView {
  sample: SystemSample | null;
  /** Null while the process table has not arrived, or after it failed (then no process series, not zeros). */
  top: TopProcess[] | null;
}

// Every series is a gauge: the backend's feed carries the latest level or a per-second rate over the last
// sampling interval, never a monotonic total, so a counter would have to be invented by integrating rates.
const RATE = 'A gauge: the rate over the last sampling interval (the feed carries rates, not totals).';

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  // The typings declare no constructor argument; setContentType is the typed way to the same registry.
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/** A percentage as a ratio, without the float noise of a bare division (32.9 / 100 = 0.32899999999999996). */
export function ratio(percent: number): number {
  return Math.round(percent * 10_000) / 1_000_000;
}

type Labels<L extends string> = Partial<Record<L, string | number>>;

/** The registry and its gauges; `fill` sets them all from one view, replacing every labelled series. */
export class ExportSeries {
  readonly registry = openMetricsRegistry();
  private readonly all: Gauge<string>[] = [];

  private gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    const g = new Gauge<L>({ name: `triage_${name}`, help, labelNames, registers: [this.registry] });
    this.all.push(g as unknown as Gauge<string>);
    return g;
  }

  private readonly sampleTime = this.gauge('sample_timestamp_seconds', 'When the exported system sample was taken (Unix time); an old value means the feed stopped.');
  private readonly cpuBusy = this.gauge('cpu_busy_ratio', `Share of all CPUs busy (everything but idle), 0..1. ${RATE}`);
  private readonly cpuMode = this.gauge('cpu_mode_ratio', `Share of all CPUs in each mode (user, system, iowait, steal), 0..1. ${RATE}`, ['mode']);
  private readonly coreBusy = this.gauge('cpu_core_busy_ratio', `Share of one CPU busy, 0..1, per core. ${RATE}`, ['core']);
  private readonly load = this.gauge('load_average', 'Load average (runnable plus uninterruptible tasks) over 1, 5 and 15 minutes.', ['window']);
  private readonly memTotal = this.gauge('memory_total_bytes', 'MemTotal from /proc/meminfo, bytes.');
  private readonly memAvailable = this.gauge('memory_available_bytes', 'MemAvailable: memory available for new work without swapping, bytes.');
  private readonly memUsed = this.gauge('memory_used_bytes', 'Memory in use: total minus available, bytes.');
  private readonly swapTotal = this.gauge('swap_total_bytes', 'Swap space, bytes.');
  private readonly swapUsed = this.gauge('swap_used_bytes', 'Swap in use, bytes.');
  private readonly psiKnown = this.gauge('pressure_available', '1 when the kernel reports pressure stall information (/proc/pressure), 0 when it does not (then no pressure series).');
  private readonly psiSome = this.gauge('pressure_some_ratio', 'Share of time at least one task stalled on the resource, 0..1, averaged over the window.', ['resource', 'window']);
  private readonly psiFull = this.gauge('pressure_full_ratio', 'Share of time all non-idle tasks stalled on the resource at once, 0..1, averaged over the window.', ['resource', 'window']);
  private readonly diskRead = this.gauge('disk_read_bytes_per_second', `Bytes read from the device per second. ${RATE}`, ['device']);
  private readonly diskWrite = this.gauge('disk_written_bytes_per_second', `Bytes written to the device per second. ${RATE}`, ['device']);
  private readonly diskBusy = this.gauge('disk_busy_ratio', `Share of time the device had I/O in flight, 0..1. ${RATE}`, ['device']);
  private readonly netRx = this.gauge('network_receive_bytes_per_second', `Bytes received on the interface per second. ${RATE}`, ['interface']);
  private readonly netTx = this.gauge('network_transmit_bytes_per_second', `Bytes sent on the interface per second. ${RATE}`, ['interface']);
  private readonly procCount = this.gauge('processes', 'Number of processes on the machine.');
  private readonly procCpu = this.gauge(
    'process_cpu_cores',
    `CPU used by one of the top processes by CPU or memory, in cores (1 = one core busy). Labels: name (the kernel's short name) and pid, never the command line. ${RATE}`,
    ['name', 'pid'],
  );
  private readonly procRss = this.gauge(
    'process_resident_memory_bytes',
    "Resident memory of one of the top processes by CPU or memory, bytes. Labels: name (the kernel's short name) and pid, never the command line.",
    ['name', 'pid'],
  );

  fill(view: ExportView): void {
    for (const g of this.all) g.reset();
    if (view.sample) this.fillSample(view.sample);
    for (const p of view.top ?? []) {
      this.procCpu.set(p.labels, p.cpuCores);
      this.procRss.set(p.labels, p.residentBytes);
    }
  }

  private fillSample(s: SystemSample): void {
    const set = <L extends string>(g: Gauge<L>, labels: Labels<L>, value: number) => g.set(labels, value);
    this.sampleTime.set(s.time / 1000);
    this.cpuBusy.set(ratio(s.cpu.total.busy));
    for (const mode of ['user', 'system', 'iowait', 'steal'] as const) set(this.cpuMode, { mode }, ratio(s.cpu.total[mode]));
    s.cpu.cores.forEach((core, i) => set(this.coreBusy, { core: String(i) }, ratio(core.busy)));
    set(this.load, { window: '1m' }, s.load.one);
    set(this.load, { window: '5m' }, s.load.five);
    set(this.load, { window: '15m' }, s.load.fifteen);
    this.memTotal.set(s.memory.totalBytes);
    this.memAvailable.set(s.memory.availableBytes);
    this.memUsed.set(s.memory.usedBytes);
    this.swapTotal.set(s.memory.swapTotalBytes);
    this.swapUsed.set(s.memory.swapUsedBytes);
    this.psiKnown.set(s.pressure ? 1 : 0);
    for (const resource of ['cpu', 'memory', 'io'] as const) {
      const p = s.pressure?.[resource];
      if (!p) continue;
      for (const [window, key] of [['10s', 'avg10'], ['60s', 'avg60'], ['300s', 'avg300']] as const) {
        set(this.psiSome, { resource, window }, ratio(p.some[key]));
        if (p.full) set(this.psiFull, { resource, window }, ratio(p.full[key]));
      }
    }
    for (const d of s.disks) {
      set(this.diskRead, { device: d.name }, d.readBytesPerSec);
      set(this.diskWrite, { device: d.name }, d.writeBytesPerSec);
      set(this.diskBusy, { device: d.name }, ratio(d.busyPercent));
    }
    for (const n of s.net) {
      set(this.netRx, { interface: n.name }, n.rxBytesPerSec);
      set(this.netTx, { interface: n.name }, n.txBytesPerSec);
    }
    this.procCount.set(s.processes);
  }
}
