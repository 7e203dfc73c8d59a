import type { CoreLimit } from '../contract/core.js';

/** The prlimit value that raises the soft limit as far as the hard limit allows (hard stays as it is). */
export function prlimitCoreArgument(limit: CoreLimit): string | null {
  if (limit.hard === 0) return null;
  return `--core=${limit.hard === null ? 'unlimited' : String(limit.hard)}:`;
}

export function describeLimit(bytes: number | null): string {
  if (bytes === null) return 'unlimited';
  if (bytes === 0) return '0 (no core files)';
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GiB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}
