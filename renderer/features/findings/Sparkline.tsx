import { memo } from 'react';

const WIDTH = 120;
const HEIGHT = 28;

/**
 * The finding's main figure over its last minute: a bare polyline (one SVG path, no axes), scaled from 0
 * so a flat line at 2 % never looks like a wave.
 */
export const Sparkline = memo(function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  if (values.length < 2) return null;
  const max = Math.max(...values, 1);
  const step = WIDTH / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - (v / max) * HEIGHT).toFixed(1)}`).join(' ');
  return (
    <svg className="finding-spark" width={WIDTH} height={HEIGHT} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
});
