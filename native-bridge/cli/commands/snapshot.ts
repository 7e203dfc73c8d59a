import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TriageError } from '../../contract/errors.js';
import type { SnapshotNotes } from '../../contract/snapshot.js';
import { dataDirs } from '../../shared/data-dirs.js';
import { writeError } from '../../snapshot/atomic-write.js';
import { captureSnapshot } from '../../snapshot/capture.js';
import { defaultSnapshotName, htmlPathFor, snapshotsFolder } from '../../snapshot/file-names.js';
import { ProcessSeriesRecorder } from '../../snapshot/process-series.js';
import { progressLine } from '../../snapshot/progress.js';
import { ensurePrivateFolder, writeHtmlReport, writeSnapshotFile } from '../../snapshot/snapshot-file.js';
import { sourceFromImplementation } from '../../snapshot/source.js';
import { parseCommandArgs, parseDuration } from '../args.js';
import { openRuntime } from '../runtime.js';

export const snapshotHelp = `Usage: triage snapshot [--duration 60s] [--out FILE] [--note TEXT] [--no-redact] [--html]

Watch this machine for a while, then write everything Triage saw into one file to send to whoever
helps you: system charts, the process table and its top consumers, memory alerts and leak verdicts,
the actions taken in Triage, and your note. Open the file in Triage on any machine.
Passwords, tokens and keys in command lines are replaced with «redacted» unless you say otherwise.

  --duration TIME  how long to sample first (default 60s; examples: 30s, 5m; at most 1h)
  --out FILE       where to write (a new file; never overwritten). Default:
                   ~/.local/state/triage/snapshots/triage-HOST-TIME.triage.json.gz
  --note TEXT      what happened, in your words (stored as "what happened instead")
  --no-redact      keep secrets in command lines (only for files that stay with you)
  --html           also write a report that opens in any browser, next to the file

Ctrl+C stops sampling early and writes what was collected. Prints the path of each file written.`;

const MAX_DURATION_MS = 3_600_000;

export async function snapshotCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    duration: { type: 'string' },
    out: { type: 'string' },
    note: { type: 'string' },
    'no-redact': { type: 'boolean' },
    html: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${snapshotHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new TriageError('INVALID_INPUT', `Unexpected "${positionals[0]}"; give the file with --out FILE.`);
  const durationMs = parseDuration(values.duration ?? '60s');
  if (durationMs < 1000 || durationMs > MAX_DURATION_MS) {
    throw new TriageError('INVALID_INPUT', '--duration must be between 1s and 1h.');
  }
  if (values.out === '') throw new TriageError('INVALID_INPUT', '--out needs a file name.');

  // Fail before sampling, not a minute later: the target must be new and its folder writable.
  const out = values.out === undefined ? null : resolve(values.out);
  if (out) await checkTarget(out);
  if (out && values.html) await checkTarget(htmlPathFor(out));

  const runtime = openRuntime('cli');
  const series = new ProcessSeriesRecorder();
  const unsubscribers = [
    runtime.client.subscribe('system.metrics', {}, { next: () => undefined }),
    runtime.client.subscribe('processes.table', {}, { next: (message) => series.handle(message) }),
  ];
  try {
    const startedAt = Date.now();
    await sampleFor(durationMs);
    for (const off of unsubscribers.splice(0)) off();

    const source = sourceFromImplementation(runtime.backend.implementation, () => runtime.backend.metrics.history());
    const notes: SnapshotNotes = values.note ? { actual: values.note } : {};
    // The window covers the whole run plus one interval, so the first sample is inside it.
    const windowMs = Date.now() - startedAt + runtime.backend.metrics.interval;
    const { snapshot } = await captureSnapshot(source, { windowMs, notes, redact: { secrets: !values['no-redact'] }, processSeries: series });
    for (const problem of snapshot.meta.problems ?? []) process.stderr.write(`triage snapshot: left out ${problem.part}: ${problem.message}\n`);

    const target = out ?? (await defaultTarget(snapshot.meta.capturedAt));
    await writeSnapshotFile(target, snapshot);
    process.stdout.write(`${target}\n`);
    if (values.html) {
      const report = await writeHtmlReport(target, snapshot);
      process.stdout.write(`${report.path}\n`);
    }
    return 0;
  } finally {
    for (const off of unsubscribers) off();
    runtime.close();
  }
}

async function checkTarget(path: string): Promise<void> {
  const existing = await lstat(path).catch(() => null);
  if (existing) throw new TriageError('REFUSED', `A file already exists at ${path}; Triage does not overwrite files. Choose another name.`);
  const folder = dirname(path);
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw writeError(error, path);
  }
}

async function defaultTarget(time: number): Promise<string> {
  const folder = snapshotsFolder(dataDirs().state);
  try {
    await ensurePrivateFolder(folder);
  } catch (error) {
    throw writeError(error, join(folder, 'snapshot'));
  }
  return join(folder, defaultSnapshotName(hostname(), time));
}

/** Waits, drawing a progress bar on a terminal (stderr) and nothing otherwise; Ctrl+C ends it early. */
function sampleFor(durationMs: number): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const start = Date.now();
  return new Promise((done) => {
    const draw = (): void => {
      if (tty) process.stderr.write(`\r${progressLine(Date.now() - start, durationMs)}`);
    };
    const finish = (): void => {
      clearInterval(ticker);
      clearTimeout(timer);
      process.off('SIGINT', finish);
      if (tty) process.stderr.write(`\r${progressLine(durationMs, durationMs)}\n`);
      done();
    };
    const ticker = setInterval(draw, 250);
    const timer = setTimeout(finish, durationMs);
    process.once('SIGINT', finish);
    draw();
  });
}
