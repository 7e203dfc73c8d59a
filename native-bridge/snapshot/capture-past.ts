import { RedactOptions, type RedactOptionsInput, type SnapshotNotes, type SnapshotParts } from '../contract/snapshot.js';
import type { CoreAnalysisLog } from './core-log.js';
import { checkPastWindow, readPastWindow } from './past-window.js';
import { finishSnapshot, type Captured } from './seal.js';
import type { SnapshotSource } from './source.js';

export interface PastCaptureOptions {
  from: number;
  /** Defaults to now. */
  to?: number;
  notes?: SnapshotNotes;
  redact?: RedactOptionsInput;
  cores?: CoreAnalysisLog;
  now?: number;
}

/**
 * A snapshot of a recorded past window: no need to have been watching. It carries what the recorder kept
 * (the history part), the changes and Triage's actions of the window, the machine's description and the
 * notes; not the live parts (the process table now, the metrics ring, findings now), which describe the
 * present. Redacted and checked exactly like a snapshot of the last minutes (seal.ts).
 */
export async function capturePastSnapshot(source: SnapshotSource, options: PastCaptureOptions): Promise<Captured> {
  const redact = RedactOptions.parse(options.redact ?? {});
  const now = options.now ?? Date.now();
  const window = checkPastWindow(options.from, options.to ?? now, now);
  // The recorded part decides whether there is a snapshot at all: its refusals are the user's answer.
  const history = await readPastWindow(source, window.from, window.to);
  const problems: Array<{ part: string; message: string }> = [];
  const part = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      problems.push({ part: name, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
  const inWindow = (time: number): boolean => time >= window.from && time <= window.to;
  const [inventory, changes, audit] = await Promise.all([
    part('inventory', () => source.call('system.inventory', {})),
    part('changes', () => source.call('changes.list', { sinceMs: window.from, untilMs: window.to })),
    part('audit', async () => (await source.call('processes.audit', { limit: 10_000 })).entries.filter((entry) => inWindow(Date.parse(entry.time)))),
  ]);

  const parts: SnapshotParts = { history };
  if (inventory) parts.inventory = inventory;
  if (changes) parts.changes = changes;
  if (audit) parts.audit = audit;

  return finishSnapshot(parts, { window, capturedAt: now, inventory, problems, redact, notes: options.notes, cores: options.cores });
}
