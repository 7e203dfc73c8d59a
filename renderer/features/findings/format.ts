import { formatByteRate, formatBytes, formatClock, formatDuration, formatPercent } from '../../../native-bridge/common/format/index.js';
import type { Evidence } from '../../../native-bridge/contract/findings.js';

/** One evidence figure as a user reads it, in the app's one style. */
export function evidenceValue(e: Evidence): string {
  switch (e.unit) {
    case 'percent':
      return formatPercent(e.value, 0);
    case 'bytes':
      return formatBytes(e.value);
    case 'bytesPerSec':
      return formatByteRate(e.value);
    case 'seconds':
      return formatDuration(e.value * 1000);
    case 'load':
      return e.value.toFixed(2);
    case 'celsius':
      return `${Math.round(e.value)} °C`;
    case 'count':
      return Number.isInteger(e.value) ? String(e.value) : e.value.toFixed(1);
  }
}

export const sinceWords = (since: number, now: number): string => `since ${formatClock(since)} (${formatDuration(Math.max(0, now - since))})`;
