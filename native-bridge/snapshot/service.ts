import { existsSync } from 'node:fs';
import { TriageError } from '../contract/errors.js';
import type { Implementation } from '../contract/define.js';
import type { SystemSample } from '../contract/system.js';
import type { SnapshotContract } from '../contract/snapshot.js';
import { dataDirs } from '../shared/data-dirs.js';
import { captureSnapshot, type Captured } from './capture.js';
import { capturePastSnapshot } from './capture-past.js';
import { encodeSnapshot } from './codec.js';
import type { CoreAnalysisLog } from './core-log.js';
import { describeParts } from './describe-parts.js';
import { defaultSnapshotName, htmlPathFor, snapshotsFolder } from './file-names.js';
import type { ProcessSeriesRecorder } from './process-series.js';
import { summaryOf } from './redact.js';
import { ensurePrivateFolder, readSnapshotFile, writeHtmlReport, writeSnapshotFile } from './snapshot-file.js';
import { sourceFromImplementation, type SourceImplementation } from './source.js';
import { join } from 'node:path';
import { writeError } from './atomic-write.js';

export interface SnapshotServiceOptions {
  /** Where server-chosen files go (<state>/snapshots); defaults to the XDG state folder. */
  stateDir?: string;
  /** The metrics ring (backend.metrics.history); without it the service subscribes once to read it. */
  metricsHistory?: () => SystemSample[];
  cores?: CoreAnalysisLog;
  processSeries?: ProcessSeriesRecorder;
}

/** snapshot.* over any backend implementation: it reads the other endpoints, never their internals. */
export function createSnapshotService(backend: SourceImplementation, options: SnapshotServiceOptions = {}): Implementation<SnapshotContract> {
  const source = sourceFromImplementation(backend, options.metricsHistory);
  const folder = (): string => snapshotsFolder(options.stateDir ?? dataDirs().state);

  const capture = (windowMs: number, redact: Parameters<typeof captureSnapshot>[1]['redact'], notes?: Parameters<typeof captureSnapshot>[1]['notes']): Promise<Captured> =>
    captureSnapshot(source, { windowMs, redact, notes, cores: options.cores, processSeries: options.processSeries });

  /** A server-chosen path in Triage's private folder. */
  const pick = async (host: string, time: number, extension: string): Promise<string> => {
    const dir = folder();
    try {
      await ensurePrivateFolder(dir);
    } catch (error) {
      throw writeError(error, join(dir, 'x'));
    }
    // Names have one-second resolution: two files in the same second (an export and its report, or two
    // quick exports) get -2, -3… rather than failing on the no-overwrite rule.
    const name = defaultSnapshotName(host, time, extension);
    for (let n = 1; n < 1000; n++) {
      const candidate = join(dir, n === 1 ? name : name.replace(extension, `-${n}${extension}`));
      if (!existsSync(candidate) && !existsSync(htmlPathFor(candidate))) return candidate;
    }
    throw new TriageError('IO_ERROR', `Too many snapshots named ${name} in ${dir}.`);
  };

  return {
    async 'snapshot.preview'({ windowMs, redact }) {
      const { snapshot, redaction } = await capture(windowMs, redact);
      return {
        meta: snapshot.meta,
        parts: describeParts(snapshot),
        redaction,
        estimatedBytes: (await encodeSnapshot(snapshot)).byteLength,
      };
    },
    async 'snapshot.export'({ windowMs, from, to, redact, notes, path }) {
      // A recorded past window (from/to), or the last windowMs as watched now: one method for UI, web and CLI.
      const { snapshot, redaction } =
        from !== undefined
          ? await capturePastSnapshot(source, { from, to, redact, notes, cores: options.cores })
          : await capture(windowMs ?? 60_000, redact, notes);
      const problems = snapshot.meta.problems;
      if (path) return { path, bytes: await writeSnapshotFile(path, snapshot), redaction: summaryOf(redaction), problems };
      // A name we picked can be taken between the pick and the exclusive create (two exports at once): pick again.
      for (let attempt = 0; ; attempt++) {
        const target = await pick(snapshot.meta.host, snapshot.meta.capturedAt, '.triage.json.gz');
        try {
          return { path: target, bytes: await writeSnapshotFile(target, snapshot), redaction: summaryOf(redaction), problems };
        } catch (error) {
          if (!(error instanceof TriageError && error.code === 'REFUSED') || attempt >= 5) throw error;
        }
      }
    },
    async 'snapshot.open'({ path }) {
      const { snapshot, problems, bytes } = await readSnapshotFile(path);
      return { path, bytes, snapshot, problems };
    },
    async 'snapshot.html'(input) {
      if ('path' in input) {
        const { snapshot } = await readSnapshotFile(input.path);
        return writeHtmlReport(input.path, snapshot);
      }
      const { snapshot } = await capture(input.windowMs, input.redact, input.notes);
      const target = await pick(snapshot.meta.host, snapshot.meta.capturedAt, '.html');
      return writeHtmlReport(target, snapshot, target);
    },
  };
}
