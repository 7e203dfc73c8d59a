import { useMemo } from 'react';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { chartPalette, type ChartPalette } from '../../../app/palette.js';
import { useResolvedTheme } from '../../../app/theme.js';
import { useElementFrame } from '../../../app/useElementWidth.js';
import {
  CHART_HEIGHT,
  ChartCard,
  coresModel,
  cpuModel,
  diskModel,
  loadModel,
  memoryModel,
  netModel,
  pickDevices,
  pressureModel,
  swapIoModel,
  swapModel,
  TimeSeriesChart,
  type ChartModel,
} from '../../dashboard/index.js';

interface ChartSpec {
  name: string;
  title: string;
  subtitle: string;
  model: ChartModel;
}

/** The dashboard's charts, built for a fixed set of samples instead of the live ring. Pure. */
export function snapshotCharts(samples: readonly SystemSample[], palette: ChartPalette): ChartSpec[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  const cores = last.cpu.cores.length;
  const disks = pickDevices(samples, (s) => s.disks, (d) => d.readBytesPerSec + d.writeBytesPerSec).shown;
  const nets = pickDevices(samples, (s) => s.net, (n) => n.rxBytesPerSec + n.txBytesPerSec).shown;
  const specs: ChartSpec[] = [
    { name: 'cpu', title: 'CPU', subtitle: '% of all cores, stacked', model: cpuModel(palette) },
    { name: 'cores', title: 'Per-core busy', subtitle: `% busy, ${cores} core${cores === 1 ? '' : 's'}`, model: coresModel(palette, cores) },
    { name: 'load', title: 'Load average', subtitle: 'runnable + waiting tasks; dashed line = cores', model: loadModel(palette, last.load.cores) },
  ];
  if (samples.some((s) => s.pressure !== null)) specs.push({ name: 'pressure', title: 'Pressure stall (PSI)', subtitle: '% of time some task waited, avg10', model: pressureModel(palette) });
  specs.push({ name: 'memory', title: 'Memory', subtitle: 'used + buffers/cache stacked; available as a line', model: memoryModel(palette, last.memory.totalBytes) });
  if (last.memory.swapTotalBytes > 0) {
    specs.push({ name: 'swap', title: 'Swap used', subtitle: 'bytes', model: swapModel(palette, last.memory.swapTotalBytes) });
    specs.push({ name: 'swapio', title: 'Swap in / out', subtitle: 'bytes/s', model: swapIoModel(palette) });
  }
  if (disks.length > 0) specs.push({ name: 'disk', title: 'Disk I/O', subtitle: 'bytes/s; solid read, dashed write', model: diskModel(palette, disks) });
  if (nets.length > 0) specs.push({ name: 'net', title: 'Network', subtitle: 'bytes/s; solid received, dashed sent', model: netModel(palette, nets) });
  return specs;
}

function SnapshotChart({ spec, samples, spanMs, palette }: { spec: ChartSpec; samples: readonly SystemSample[]; spanMs: number; palette: ChartPalette }) {
  const frame = useElementFrame<HTMLDivElement>();
  const last = samples[samples.length - 1] ?? null;
  return (
    <ChartCard name={spec.name} title={spec.title} subtitle={spec.subtitle} legend={spec.model.series} latest={last} frame={frame}>
      {(width) => <TimeSeriesChart title={spec.title} model={spec.model} view={samples} windowMs={spanMs} width={width} height={CHART_HEIGHT} palette={palette} />}
    </ChartCard>
  );
}

/** The machine over the snapshot's window; the legend's numbers are those of the last sample. */
export function MetricsPart({ samples }: { samples: readonly SystemSample[] }) {
  const palette = chartPalette(useResolvedTheme());
  const specs = useMemo(() => snapshotCharts(samples, palette), [samples, palette]);
  if (samples.length === 0) return <p className="muted" data-testid="snapshot-metrics-empty">The snapshot holds no metrics samples: Triage had not sampled yet in that window.</p>;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const spanMs = Math.max(last.time - first.time + last.intervalMs, 1000);
  return (
    <div className="chart-grid" data-testid="snapshot-metrics">
      {specs.map((spec) => (
        <SnapshotChart key={spec.name} spec={spec} samples={samples} spanMs={spanMs} palette={palette} />
      ))}
    </div>
  );
}
