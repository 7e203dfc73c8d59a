const STEPS_SEC = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Tick positions on whole seconds/minutes, at most `maxTicks`, so labels read 14:05:00 rather than 14:04:53. */
export function timeTicks(startMs: number, endMs: number, maxTicks: number): number[] {
  const span = endMs - startMs;
  if (!(span > 0) || maxTicks < 1) return [];
  const stepMs = (STEPS_SEC.find((s) => span / (s * 1000) <= maxTicks) ?? STEPS_SEC[STEPS_SEC.length - 1]!) * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t <= endMs; t += stepMs) ticks.push(t);
  return ticks;
}
