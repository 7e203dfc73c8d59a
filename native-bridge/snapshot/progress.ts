/** "Sampling [########............] 12s / 60s": one line, redrawn in place on a terminal. Pure. */
export function progressLine(elapsedMs: number, totalMs: number, width = 24): string {
  const share = totalMs <= 0 ? 1 : Math.min(1, Math.max(0, elapsedMs / totalMs));
  const filled = Math.round(share * width);
  const seconds = (ms: number): string => `${Math.round(ms / 1000)}s`;
  return `Sampling [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${seconds(Math.min(elapsedMs, totalMs))} / ${seconds(totalMs)}`;
}
