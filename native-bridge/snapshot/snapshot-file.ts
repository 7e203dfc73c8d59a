import { mkdir } from 'node:fs/promises';
import type { Snapshot } from '../contract/snapshot.js';
import { writeFileAtomic } from './atomic-write.js';
import { encodeSnapshot } from './codec.js';
import { renderHtmlReport } from './html-report.js';
import { htmlPathFor } from './file-names.js';

export { readSnapshotFile } from './read-file.js';

/** Writes the snapshot as a new file (never over an existing one); returns the bytes written. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<number> {
  return writeFileAtomic(path, await encodeSnapshot(snapshot));
}

/** Writes the report next to the snapshot (or at `htmlPath`); returns where and how big. */
export async function writeHtmlReport(snapshotPath: string, snapshot: Snapshot, htmlPath = htmlPathFor(snapshotPath)): Promise<{ path: string; bytes: number }> {
  const bytes = await writeFileAtomic(htmlPath, renderHtmlReport(snapshot));
  return { path: htmlPath, bytes };
}

/** Triage's own folder for snapshots: private to the user, like the state folder around it. */
export async function ensurePrivateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
}
