import type { CoreLimit } from '../contract/core.js';

/**
 * Parses the "Max core file size" line of /proc/PID/limits (columns: name, soft, hard, units).
 * Returns null when the line is absent (a kernel that does not list it).
 */
export function parseCoreLimit(limitsText: string): CoreLimit | null {
  for (const line of limitsText.split('\n')) {
    if (!line.startsWith('Max core file size')) continue;
    const fields = line.slice('Max core file size'.length).trim().split(/\s+/);
    const soft = parseLimitValue(fields[0]);
    const hard = parseLimitValue(fields[1]);
    if (soft === undefined || hard === undefined) return null;
    return { soft, hard };
  }
  return null;
}

/** "unlimited" → null; a number → bytes; anything else → undefined (unparseable). */
function parseLimitValue(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'unlimited') return null;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

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
