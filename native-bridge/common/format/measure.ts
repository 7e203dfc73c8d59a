import { formatByteRate, formatBytes } from './bytes.js';
import { formatPercent } from './numbers.js';
import { formatDuration } from './time.js';

/** The units a finding's figures come in (the contract's EvidenceUnit; the renderer's type check keeps them equal). */
export type MeasureUnit = 'percent' | 'bytes' | 'bytesPerSec' | 'count' | 'seconds' | 'load' | 'celsius';

/** One figure of a finding as a person reads it, the same in the app, the CLI and the HTML report. */
export function formatMeasure(value: number, unit: MeasureUnit): string {
  switch (unit) {
    case 'percent':
      return formatPercent(value, 0);
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSec':
      return formatByteRate(value);
    case 'seconds':
      return formatDuration(value * 1000);
    case 'load':
      return value.toFixed(2);
    case 'celsius':
      return `${Math.round(value)} °C`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}
