import type { Evidence } from '../../../native-bridge/contract/findings.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function bytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/** One evidence figure as a user reads it. */
export function evidenceValue(e: Evidence): string {
  switch (e.unit) {
    case 'percent':
      return `${Math.round(e.value)} %`;
    case 'bytes':
      return bytes(e.value);
    case 'bytesPerSec':
      return `${bytes(e.value)}/s`;
    case 'seconds':
      return `${Math.round(e.value)} s`;
    case 'load':
      return e.value.toFixed(2);
    case 'count':
      return Number.isInteger(e.value) ? String(e.value) : e.value.toFixed(1);
  }
}

export function sinceWords(since: number, now: number): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  const ago = s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
  return `since ${new Date(since).toLocaleTimeString()} (${ago})`;
}
