import { Line, LineChart, YAxis } from 'recharts';
import { useElementFrame } from '../../app/useElementWidth.js';
import type { HistoryPoint } from './store.js';

interface SparklineProps {
  label: string;
  points: readonly HistoryPoint[];
  value: (p: HistoryPoint) => number;
  latest: string;
  color: string;
  testId: string;
}

/** A small line of one value over the time the process has been watched; downsampled to the pixel width. */
export function Sparkline({ label, points, value, latest, color, testId }: SparklineProps) {
  const { ref, width } = useElementFrame<HTMLDivElement>();
  const step = width > 0 ? Math.max(1, Math.ceil(points.length / width)) : 1;
  const data = points.filter((_, i) => i % step === 0 || i === points.length - 1).map((p) => ({ t: p.time, v: value(p) }));
  return (
    <div className="sparkline" data-testid={testId}>
      <div className="sparkline-head">
        <span className="muted">{label}</span>
        <span className="num">{latest}</span>
      </div>
      <div ref={ref} className="sparkline-body">
        {width > 0 && data.length > 1 ? (
          <LineChart width={width} height={40} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
            <YAxis hide domain={[0, 'auto']} />
            <Line type="monotone" dataKey="v" stroke={color} strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        ) : (
          <span className="muted small">collecting…</span>
        )}
      </div>
    </div>
  );
}
