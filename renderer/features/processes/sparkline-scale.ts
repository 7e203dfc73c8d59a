/**
 * The top of a sparkline's value axis (the bottom is always 0). At least `floor`, so a process idling
 * at 0.0–0.3 % draws a flat line near the bottom instead of noise stretched over the whole height;
 * above it, the largest value seen rounded up to 1, 2 or 5 × 10^n so the scale does not creep with
 * every new maximum. `ceiling` caps it (100 % of a core for one thread's worth; none for bytes).
 */
export function sparklineTop(values: Iterable<number>, floor: number, ceiling = Infinity, unit: 'number' | 'bytes' = 'number'): number {
  let max = 0;
  for (const value of values) if (Number.isFinite(value) && value > max) max = value;
  // An all-zero series with no floor still needs a non-empty axis.
  if (max <= floor) return floor > 0 ? floor : 1;
  const top = unit === 'bytes' ? binaryNiceCeil(max) : niceCeil(max);
  return max <= ceiling ? Math.min(top, ceiling) : top;
}

/**
 * Bytes are shown in KiB, MiB, GiB: round within the unit they will be printed in (707 MiB → 1 GiB,
 * 15.8 MiB → 20 MiB), so the scale label reads as a round number, not "954 MiB".
 */
function binaryNiceCeil(value: number): number {
  let unit = 1;
  while (value / unit >= 1000) unit *= 1024;
  const top = niceCeil(value / unit);
  return top >= 1000 ? unit * 1024 : top * unit;
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
