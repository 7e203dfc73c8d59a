import { statfsSync } from 'node:fs';
import { formatBytes } from '../common/format/index.js';

/** Space an ordinary user may still write under `dir`, bytes; null when it cannot be told. */
export function freeBytes(dir: string): number | null {
  try {
    const st = statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export function diskFullSentence(dir: string, free: number | null): string {
  const left = free === null ? '' : ` (${formatBytes(free)} free)`;
  return `Recording paused: the disk holding ${dir} is full${left}. What was recorded before is kept; recording resumes by itself once there is space again.`;
}
