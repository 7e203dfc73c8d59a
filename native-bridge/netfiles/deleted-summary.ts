import type { DeletedFile } from '../contract/netfiles.js';
import { formatBytes } from './units.js';

/**
 * The one sentence about deleted-but-open files, made from the very list that is shown under it (CLI and UI
 * print this, never a sentence of their own), so it cannot say "none" above a list that has one. When some
 * processes could not be inspected, "none" is limited to the ones that could.
 */
export function deletedSummary(files: readonly DeletedFile[], deniedProcesses: number): string {
  if (files.length === 0) {
    return deniedProcesses > 0 ? 'No deleted file is held open by the processes Triage could inspect.' : 'No deleted file is held open.';
  }
  const bytes = files.reduce((sum, f) => sum + f.allocatedBytes, 0);
  const largest = files.reduce((a, b) => (b.allocatedBytes > a.allocatedBytes ? b : a));
  const what = files.length === 1 ? '1 deleted file still open holds' : `${files.length} deleted files still open hold`;
  return `${what} ${formatBytes(bytes)} of disk space; the largest is ${largest.path} (${formatBytes(largest.allocatedBytes)}).`;
}
