import type { Culprit } from '../../../native-bridge/contract/findings.js';
import type { NetWatchMessage, StateTick } from '../../../native-bridge/contract/index.js';
import { downsample } from '../../app/downsample.js';
import { byStateOrder } from './grouping.js';

/** Five minutes at 1 Hz, as the backend keeps. */
export const WATCH_CAPACITY = 300;

function tickOf(message: NetWatchMessage): StateTick {
  return { time: message.time, processes: message.processes, totals: message.totals };
}

/**
 * Applies one net.watch message: the first one carries the backend's history and replaces what we had
 * (a reconnect starts over cleanly); later ones append. Returns the same array when nothing changed.
 */
export function applyWatchMessage(ticks: readonly StateTick[], message: NetWatchMessage, capacity = WATCH_CAPACITY): readonly StateTick[] {
  if (message.history) {
    const all = [...message.history.filter((t) => t.time < message.time), tickOf(message)];
    return all.slice(-capacity);
  }
  const last = ticks[ticks.length - 1];
  if (last && message.time <= last.time) return ticks;
  const next = ticks.length >= capacity ? ticks.slice(ticks.length - capacity + 1) : ticks.slice();
  next.push(tickOf(message));
  return next;
}

export const processKey = (p: { pid: number; startTime: number }): string => `${p.pid}:${p.startTime}`;

/** Processes to chart: those a finding names first, then the busiest in the newest tick. */
export function chartChoices(ticks: readonly StateTick[], culprits: readonly Culprit[], limit = 20) {
  const latest = ticks[ticks.length - 1];
  if (!latest) return [];
  const flagged = new Set(culprits.map((c) => `${c.pid}:${c.startTime}`));
  return latest.processes
    .map((p) => ({ key: processKey(p), label: `${p.name} (pid ${p.pid})`, total: p.total, flagged: flagged.has(processKey(p)) }))
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.total - a.total)
    .slice(0, limit)
    .map(({ key, label, total }) => ({ key, label, total }));
}

/**
 * Counts per state over time for the whole machine (focus null) or one process, downsampled to the
 * plot width. A tick where the process held nothing reads 0, not a gap: it existed and held no socket.
 */
export function stateChartData(ticks: readonly StateTick[], focus: string | null, maxPoints: number, spanMs?: number) {
  const countsOf = (tick: StateTick): Record<string, number> =>
    focus === null ? tick.totals : (tick.processes.find((p) => processKey(p) === focus)?.counts ?? {});
  const seen = new Set<string>();
  for (const tick of ticks) for (const [state, n] of Object.entries(countsOf(tick))) if (n > 0) seen.add(state);
  // States with a non-zero count somewhere in the window, kernel order.
  const states = [...seen].sort(byStateOrder);
  const rows = downsample(ticks, {
    time: (t) => t.time,
    fields: states.map((state) => ({ key: state, read: (t: StateTick) => countsOf(t)[state] ?? 0 })),
    maxPoints,
    mode: 'max',
    spanMs,
  });
  return { rows, states };
}
