import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SystemSample } from '../../../../native-bridge/contract/index.js';
import { chartPalette } from '../../../app/palette.js';
import { useResolvedTheme } from '../../../app/theme.js';
import { useElementFrame } from '../../../app/useElementWidth.js';
import { useHeldWhileHidden } from '../../../app/useHeldWhileHidden.js';
import { useMountedAfterSlot } from '../../../app/useStaggered.js';
import { useDashboard } from '../store.js';
import { CHART_HEIGHT, ChartCard } from './ChartCard.js';
import {
  coresModel,
  cpuModel,
  diskModel,
  loadModel,
  MAX_CORE_LINES,
  memoryModel,
  netModel,
  pickDevices,
  pressureModel,
  swapIoModel,
  swapModel,
  type ChartModel,
  type DevicePick,
} from './models.js';
import { TimeSeriesChart } from './TimeSeriesChart.js';

/** What a chart draws: the window of samples, its span, and the newest sample for the legend. */
interface ChartInputs {
  view: readonly SystemSample[];
  windowMs: number;
  latest: SystemSample | null;
}

/**
 * What every chart reads from the store. All charts subscribe to the same store update, so React
 * renders them together in one commit per tick. A chart off screen keeps what it last drew (and skips
 * the work) until it scrolls back into view, when it takes the newest inputs at once.
 */
function useChartInputs(visible: boolean): ChartInputs {
  const live = useDashboard(useShallow((s) => ({ view: s.view, windowMs: s.windowMs, latest: s.latest })));
  return useHeldWhileHidden(live, visible);
}

interface ChartProps {
  name: string;
  title: string;
  subtitle?: string;
  model: ChartModel;
  note?: string;
  /** Position in the mount order (0 first). */
  slot: number;
}

function Chart({ name, title, subtitle, model, note, slot }: ChartProps) {
  const frame = useElementFrame<HTMLDivElement>();
  const { view, windowMs, latest } = useChartInputs(frame.visible);
  const palette = usePalette();
  // The store keeps the same array while the changes are the same: no redraw for an unchanged answer.
  const { markers, selectChange } = useDashboard(useShallow((s) => ({ markers: s.changes, selectChange: s.selectChange })));
  const mounted = useMountedAfterSlot(slot);
  return (
    <ChartCard name={name} title={title} subtitle={subtitle} legend={model.series} latest={latest} note={note} frame={frame}>
      {(width) =>
        mounted ? <TimeSeriesChart title={title} model={model} view={view} windowMs={windowMs} width={width} height={CHART_HEIGHT} palette={palette} markers={markers} onMarker={selectChange} /> : null
      }
    </ChartCard>
  );
}

function usePalette() {
  return chartPalette(useResolvedTheme());
}

export function CpuChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const model = useMemo(() => cpuModel(palette), [palette]);
  return <Chart slot={slot} name="cpu" title="CPU" subtitle="% of all cores, stacked" model={model} />;
}

export function CoresChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const cores = useDashboard((s) => s.latest?.cpu.cores.length ?? 0);
  const model = useMemo(() => coresModel(palette, cores), [palette, cores]);
  return (
    <Chart
      slot={slot}
      name="cores"
      title="Per-core busy"
      subtitle={`% busy, ${cores} core${cores === 1 ? '' : 's'}`}
      model={model}
      note={cores > MAX_CORE_LINES ? `${cores} cores: showing the busiest, the mean and the idlest core.` : undefined}
    />
  );
}

export function LoadChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const cores = useDashboard((s) => s.latest?.load.cores ?? 0);
  const model = useMemo(() => loadModel(palette, cores), [palette, cores]);
  return <Chart slot={slot} name="load" title="Load average" subtitle="runnable + waiting tasks; dashed line = cores" model={model} />;
}

export function MemoryChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const total = useDashboard((s) => s.latest?.memory.totalBytes ?? 0);
  const model = useMemo(() => memoryModel(palette, total), [palette, total]);
  return <Chart slot={slot} name="memory" title="Memory" subtitle="used + buffers/cache stacked; available as a line" model={model} />;
}

export function SwapChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const total = useDashboard((s) => s.latest?.memory.swapTotalBytes ?? 0);
  const model = useMemo(() => swapModel(palette, total), [palette, total]);
  if (total === 0) {
    return (
      <Unavailable name="swap" title="Swap used">
        No swap is configured on this machine, so nothing can be swapped out.
      </Unavailable>
    );
  }
  return <Chart slot={slot} name="swap" title="Swap used" subtitle="bytes" model={model} />;
}

export function SwapIoChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const model = useMemo(() => swapIoModel(palette), [palette]);
  return <Chart slot={slot} name="swapio" title="Swap in / out" subtitle="bytes/s" model={model} />;
}

/** A chart this machine has nothing for: says why in a sentence instead of drawing flat zeros. */
function Unavailable({ name, title, children }: { name: string; title: string; children: string }) {
  return (
    <section className="card chart-card unavailable" data-testid={`chart-${name}`} aria-label={title}>
      <header className="chart-head">
        <h3>{title}</h3>
      </header>
      <p className="muted" data-testid="chart-unavailable">
        {children}
      </p>
    </section>
  );
}

export function PressureChart({ slot }: { slot: number }) {
  const palette = usePalette();
  const provided = useDashboard((s) => (s.latest ? s.latest.pressure !== null : null));
  const model = useMemo(() => pressureModel(palette), [palette]);
  if (provided === false) {
    return (
      <Unavailable name="pressure" title="Pressure stall (PSI)">
        Pressure stall information is not provided by this kernel (no /proc/pressure).
      </Unavailable>
    );
  }
  return <Chart slot={slot} name="pressure" title="Pressure stall (PSI)" subtitle="% of time some task waited, avg10" model={model} />;
}

/** Re-picks devices every tick (cheap), but rebuilds the model only when the picked set changes. */
function useDeviceModel(
  pick: (view: ReturnType<typeof useDashboard.getState>['view']) => DevicePick,
  build: (palette: ReturnType<typeof chartPalette>, shown: DevicePick['shown']) => ChartModel,
) {
  const palette = usePalette();
  const view = useDashboard((s) => s.view);
  const picked = useMemo(() => pick(view), [pick, view]);
  const signature = picked.shown.map((d) => `${d.name}:${d.slot}`).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the signature so an unchanged set keeps its model
  const model = useMemo(() => build(palette, picked.shown), [palette, signature, build]);
  return { model, hidden: picked.hidden };
}

const pickDisks = (view: ReturnType<typeof useDashboard.getState>['view']) =>
  pickDevices(view, (s) => s.disks, (d) => d.readBytesPerSec + d.writeBytesPerSec);
const pickInterfaces = (view: ReturnType<typeof useDashboard.getState>['view']) =>
  pickDevices(view, (s) => s.net, (n) => n.rxBytesPerSec + n.txBytesPerSec);

const hiddenNote = (hidden: number, what: string) =>
  hidden > 0 ? `${hidden} idle or less active ${what}${hidden === 1 ? '' : 's'} not shown.` : undefined;

export function DiskChart({ slot }: { slot: number }) {
  const { model, hidden } = useDeviceModel(pickDisks, diskModel);
  return (
    <Chart slot={slot} name="disk" title="Disk I/O" subtitle="bytes/s; solid read, dashed write" model={model} note={hiddenNote(hidden, 'device')} />
  );
}

export function NetChart({ slot }: { slot: number }) {
  const { model, hidden } = useDeviceModel(pickInterfaces, netModel);
  return (
    <Chart
      slot={slot}
      name="net"
      title="Network"
      subtitle="bytes/s; solid received, dashed sent"
      model={model}
      note={hiddenNote(hidden, 'interface')}
    />
  );
}

export function DashboardCharts() {
  return (
    <div className="chart-grid">
      <CpuChart slot={0} />
      <CoresChart slot={1} />
      <LoadChart slot={2} />
      <PressureChart slot={3} />
      <MemoryChart slot={4} />
      <SwapChart slot={5} />
      <SwapIoChart slot={6} />
      <DiskChart slot={7} />
      <NetChart slot={8} />
    </div>
  );
}
