/**
 * Every number the UI shows goes through here, so a byte count reads the same in a header, an axis
 * and a tooltip. The formatters themselves are native-bridge/common/format, shared with the CLI and the
 * HTML report, so "71.4 MiB" and "2026-12-04 13:59:03" read the same everywhere.
 */
import {
  formatByteRate,
  formatBytes,
  formatClock as formatClockIn,
  formatCount,
  formatDuration as formatDurationMs,
  formatPercent,
  isFiniteNumber,
  MISSING,
} from '../../native-bridge/common/format/index.js';

export { formatByteRate, formatBytes, formatCount, formatPercent };
export { formatGrowthRate, formatTimestamp, plural } from '../../native-bridge/common/format/index.js';

export type Unit = 'bytes' | 'percent' | 'count' | 'load' | 'seconds' | 'ops';

export interface MetricMeta {
  /** Short human label ("Read", "User"). */
  label: string;
  unit: Unit;
  /** Per second: formatted with a "/s" suffix. */
  isRate: boolean;
  /** Longer explanation for tooltips and headers. */
  description?: string;
}

const finite = isFiniteNumber;

/** Local time of day, "14:03:09"; one argument, so it can be handed to a chart as a tick formatter. */
export function formatClock(epochMs: number): string {
  return formatClockIn(epochMs);
}

/** Uptime-style durations in seconds, in the app's one duration style ("42 s", "5 min 3 s", "4 h 5 min"). */
export function formatDuration(seconds: number | null | undefined): string {
  return finite(seconds) ? formatDurationMs(seconds * 1000) : MISSING;
}

/** Formats a value according to its metric's metadata: the one entry point for charts and headers. */
export function formatValue(meta: MetricMeta, value: number | null | undefined): string {
  if (!finite(value)) return MISSING;
  switch (meta.unit) {
    case 'bytes':
      return meta.isRate ? formatByteRate(value) : formatBytes(value);
    case 'percent':
      return formatPercent(value);
    case 'load':
      return value.toFixed(2);
    case 'seconds':
      return formatDuration(value);
    case 'ops':
    case 'count':
      return meta.isRate ? `${formatCount(value)}/s` : formatCount(value);
  }
}

/** Axis ticks: same units, no "/s" (the card title says it) and no decimals where they only add noise. */
export function formatAxisValue(meta: MetricMeta, value: number): string {
  switch (meta.unit) {
    case 'bytes':
      return formatBytes(value);
    case 'percent':
      return `${Number.isInteger(value) ? value : value.toFixed(value < 1 ? 2 : 1)}%`;
    case 'load':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    default:
      return formatCount(value);
  }
}
