import { join } from 'node:path';

/** "triage-build7-20261126-132037.triage.json.gz": sortable, and safe whatever the host name holds. */
export function defaultSnapshotName(host: string, time: number, extension = '.triage.json.gz'): string {
  const safeHost = host.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^[.-]+/, '').slice(0, 64) || 'host';
  const stamp = new Date(time).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `triage-${safeHost}-${stamp}${extension}`;
}

export function snapshotsFolder(stateDir: string): string {
  return join(stateDir, 'snapshots');
}

/** The HTML report sits next to its snapshot: same name, .html instead of .triage.json.gz (or .gz, .json). */
export function htmlPathFor(snapshotPath: string): string {
  const stem = snapshotPath.replace(/(\.triage)?(\.json)?(\.gz)?$/, '');
  return `${stem}.html`;
}
