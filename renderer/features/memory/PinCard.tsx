import { useState } from 'react';
import type { MemoryPinInfo } from '../../../native-bridge/contract/index.js';
import { formatBytes } from '../../app/format.js';
import { chartPalette } from '../../app/palette.js';
import { useResolvedTheme } from '../../app/theme.js';
import { useElementFrame } from '../../app/useElementWidth.js';
import { useStaggered } from '../../app/useStaggered.js';
import { pinSubtitle, pinTitle } from './display.js';
import { LimitsForm } from './LimitsForm.js';
import { MemoryChart, memoryColors } from './MemoryChart.js';
import { useMemory } from './store.js';
import { VerdictPanel } from './VerdictPanel.js';
import { WhatGrew } from './WhatGrew.js';

export const MEMORY_CHART_HEIGHT = 220;

function Legend({ pin, colors }: { pin: MemoryPinInfo; colors: ReturnType<typeof memoryColors> }) {
  const last = pin.series[pin.series.length - 1];
  const items: { key: string; label: string; color: string; value: string; dashed?: boolean; title: string }[] = [
    { key: 'rss', label: 'Resident (RSS)', color: colors.rss, value: formatBytes(last?.rssBytes), title: 'All memory in RAM' },
    { key: 'anon', label: 'Anonymous', color: colors.anon, value: formatBytes(last?.anonBytes), title: 'Heap, anonymous mappings, stacks' },
    { key: 'file', label: 'File-backed', color: colors.file, value: formatBytes(last?.fileBytes), title: 'Mapped files and libraries' },
    { key: 'shared', label: 'Shared', color: colors.shared, value: formatBytes(last?.sharedBytes), title: 'Also used by other processes' },
    { key: 'swap', label: 'Swapped', color: colors.swap, value: formatBytes(last?.swapBytes), title: 'Moved out to swap' },
    { key: 'uss', label: 'USS', color: 'transparent', value: formatBytes(last?.ussBytes), title: 'Private memory: what ending the process gives back' },
  ];
  if (pin.verdict.trend) items.push({ key: 'trend', label: 'Trend', color: colors.trend, value: '', dashed: true, title: 'The straight line the verdict fitted' });
  return (
    <ul className="legend" data-testid="memory-legend">
      {items.map((i) => (
        <li key={i.key} title={i.title} data-testid={`legend-${i.key}`}>
          <span className={i.dashed ? 'swatch dashed' : 'swatch'} style={{ borderColor: i.color, background: i.dashed ? 'transparent' : i.color }} />
          <span className="legend-label">{i.label}</span>
          {i.value ? <span className="num">{i.value}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** One pinned process: its verdict, its memory over time, its limits and "what grew?". */
export function PinCard({ pin, slot }: { pin: MemoryPinInfo; slot: number }) {
  const unpin = useMemory((s) => s.unpin);
  const intervalMs = useMemory((s) => s.intervalMs);
  const palette = chartPalette(useResolvedTheme());
  const colors = memoryColors(palette);
  const frame = useElementFrame<HTMLDivElement>();
  // Each card redraws in its own short task (see useStaggered), and not at all while off screen.
  const drawn = useStaggered(pin, slot, frame.visible);
  const [showGrew, setShowGrew] = useState(false);
  const pid = pin.pid ?? (pin.target.kind === 'pid' ? pin.target.pid : null);

  return (
    <section className="card pin-card" data-testid="pin-card" data-pin-id={pin.pinId} data-pid={pid ?? ''} data-status={pin.status} aria-label={`Memory of ${pinTitle(pin)}`}>
      <header className="pin-head">
        <div>
          <h2 data-testid="pin-title">{pinTitle(pin)}</h2>
          <span className="muted small" data-testid="pin-subtitle">
            {pinSubtitle(pin)}
          </span>
        </div>
        <div className="pin-actions">
          <button type="button" className="button" aria-expanded={showGrew} onClick={() => setShowGrew((v) => !v)} data-testid="what-grew-toggle">
            What grew?
          </button>
          <button type="button" className="button" onClick={() => void unpin(pin.pinId)} data-testid="pin-unpin">
            Unpin
          </button>
        </div>
      </header>
      <VerdictPanel verdict={pin.verdict} />
      <Legend pin={pin} colors={colors} />
      <div className="chart-body" ref={frame.ref} style={{ height: MEMORY_CHART_HEIGHT }} data-testid="memory-chart">
        {frame.width > 0 && drawn.series.length > 0 ? (
          <MemoryChart pin={drawn} intervalMs={intervalMs} width={frame.width} height={MEMORY_CHART_HEIGHT} palette={palette} />
        ) : null}
        {pin.series.length === 0 ? <p className="muted small">No samples yet{pin.status === 'waiting' ? ': the program is not running.' : '.'}</p> : null}
      </div>
      <LimitsForm key={`${pin.limits.sizeBytes}-${pin.limits.rateMiBPerMin}`} pinId={pin.pinId} limits={pin.limits} />
      {showGrew ? <WhatGrew pin={pin} /> : null}
    </section>
  );
}
