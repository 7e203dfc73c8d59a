import { useMemo } from 'react';
import { Line, LineChart, YAxis } from 'recharts';
import { useElementFrame } from '../../app/useElementWidth.js';
import { sparklineTop } from './sparkline-scale.js';
import type { HistoryPoint } from './store.js';

interface SparklineProps {
  label: string;
  points: readonly HistoryPoint[];
  value: (p: HistoryPoint) => number;
  latest: string;
  color: string;
  testId: string;
  /** The axis top never goes below this (so noise near zero stays a flat line); 0 by default. */
  floor?: number;
  /** The usual top (100 % of a core); only a larger value seen raises it. */
  ceiling?: number;
  /** Bytes round their axis top in KiB/MiB/GiB steps. */
  unit?: 'number' | 'bytes';
  /** Formats the axis top for the "0–N" scale label; without it no label is shown. */
  formatScale?: (top: number) => string;
}

/**
 * A small line of one value over the time the process has been watched, on a fixed axis from 0 (see
 * sparklineTop) whose range is printed beside it; downsampled to the pixel width.
 */
export function Sparkline({ label, points, value, latest, color, testId, floor = 0, ceiling, unit = 'number', formatScale }: SparklineProps) {
  const { ref, width } = useElementFrame<HTMLDivElement>();
  const { data, top } = useMemo(() => {
    const step = width > 0 ? Math.max(1, Math.ceil(points.length / width)) : 1;
    const rows = points.filter((_, i) => i % step === 0 || i === points.length - 1).map((p) => ({ t: p.time, v: value(p) }));
    return { data: rows, top: sparklineTop(rows.map((r) => r.v), floor, ceiling, unit) };
  }, [points, value, width, floor, ceiling, unit]);
  return (
    <div className="sparkline" data-testid={testId} data-top={top}>
      <div className="sparkline-head">
        <span className="muted">{label}</span>
        <span className="num">{latest}</span>
      </div>
      <div ref={ref} className="sparkline-body">
        {width > 0 && data.length > 1 ? (
          <LineChart width={width} height={40} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
            <YAxis hide type="number" domain={[0, top]} allowDataOverflow />
            <Line type="linear" dataKey="v" stroke={color} strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        ) : (
          <span className="muted small">collecting…</span>
        )}
      </div>
      {formatScale ? (
        <div className="sparkline-scale muted small" data-testid={`${testId}-scale`}>
          scale 0–{formatScale(top)}
        </div>
      ) : null}
    </div>
  );
}
