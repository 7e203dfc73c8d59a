import type { MemoryPinLimits as PinLimits } from '../contract/memory.js';
import { formatBytes, formatRate } from './units.js';

/** Whether each limit may raise an alert: disarmed once crossed, re-armed once clearly back below. */
export interface LimitArming {
  size: boolean;
  rate: boolean;
}

export interface Crossing {
  kind: 'size' | 'rate';
  limit: number;
  value: number;
  sentence: string;
}

/** How far under a limit a value must fall before crossing it again counts as a new crossing. */
const SIZE_REARM = 0.95;
const RATE_REARM = 0.8;

/**
 * One alert per crossing: a value hovering at the line must not raise one on every sample, so a limit
 * re-arms only after the value has dropped clearly below it. Mutates `armed`.
 */
export function checkLimits(
  who: string,
  limits: PinLimits,
  armed: LimitArming,
  rssBytes: number | null,
  growthMiBPerMin: number | null,
): Crossing[] {
  const out: Crossing[] = [];
  const size = limits.sizeBytes;
  if (size !== null && rssBytes !== null) {
    if (rssBytes >= size) {
      if (armed.size) {
        out.push({ kind: 'size', limit: size, value: rssBytes, sentence: `${who} uses ${formatBytes(rssBytes)}, over its limit of ${formatBytes(size)}.` });
      }
      armed.size = false;
    } else if (rssBytes < size * SIZE_REARM) {
      armed.size = true;
    }
  }
  const rateLimit = limits.rateMiBPerMin;
  const rate = growthMiBPerMin ?? 0;
  if (rateLimit !== null) {
    if (rate >= rateLimit) {
      if (armed.rate) {
        out.push({
          kind: 'rate',
          limit: rateLimit,
          value: rate,
          sentence: `${who} is growing at ${formatRate(rate)}, over its limit of ${formatRate(rateLimit)}.`,
        });
      }
      armed.rate = false;
    } else if (rate < rateLimit * RATE_REARM) {
      armed.rate = true;
    }
  }
  return out;
}
