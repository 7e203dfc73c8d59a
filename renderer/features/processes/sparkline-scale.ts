/**
 * The top of a sparkline's value axis (the bottom is always 0). At least `floor`, so a process idling
 * at 0.0–0.3 % draws a flat line near the bottom instead of noise stretched over the whole height;
 * above it, the largest value seen rounded up to 1, 2 or 5 × 10^n so the scale does not creep with
 * every new maximum. `ceiling` caps it (100 % of a core for one thread's worth; none for bytes).
 */
export function sparklineTop(values: Iterable<number>, floor: number, ceiling = Infinity): number {
  let max = 0;
  for (const value of values) if (Number.isFinite(value) && value > max) max = value;
  // An all-zero series with no floor still needs a non-empty axis.
  if (max <= floor) return floor > 0 ? floor : 1;
  const top = niceCeil(max);
  return max <= ceiling ? Math.min(top, ceiling) : top;
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
