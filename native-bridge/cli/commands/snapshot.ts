import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { TriageError } from '../../contract/errors.js';
import { writeError } from '../../snapshot/atomic-write.js';
import { htmlPathFor } from '../../snapshot/file-names.js';
import { progressLine } from '../../snapshot/progress.js';
import { parseDuration } from '../args.js';
import { defineCommand } from '../define-command.js';
import { pastWindowOf } from '../snapshot-window.js';
import type { Contract, ContractClient } from '../../contract/index.js';
import type { OutputOf } from '../../contract/define.js';

export const snapshotHelp = `Usage: triage snapshot [--duration 60s | --from TIME [--to TIME]] [--out FILE] [--note TEXT] [--no-redact] [--html]

Watch this machine for a while, then write everything Triage saw into one file to send to whoever
helps you: system charts, the process table and its top consumers, memory alerts and leak verdicts,
the actions taken in Triage, and your note. Open the file in Triage on any machine.
With --from, take a window of the recorded history instead (no need to have been watching): the system
series, process tables at a stride, the top consumers and the events of that window.
Passwords, tokens and keys in command lines are replaced with «redacted» unless you say otherwise.

  --duration TIME  how long to sample first (default 60s; examples: 30s, 5m; at most 1h)
  --from TIME      start of a recorded window: a time of day (10:20), a date and time
                   (2026-12-04T10:20), or how long ago (30m, 2h), as in \`triage ps --at\`
  --to TIME        end of the recorded window, same forms (default: now)
  --out FILE       where to write (a new file; never overwritten). Default:
                   ~/.local/state/triage/snapshots/triage-HOST-TIME.triage.json.gz
  --note TEXT      what happened, in your words (stored as "what happened instead")
  --no-redact      keep secrets in command lines (only for files that stay with you)
  --html           also write a report that opens in any browser, next to the file

Ctrl+C stops sampling early and writes what was collected. Prints the path of each file written.
Exit status: 0 written; 1 when it could not be (nothing recorded in the window, no history yet, a write
refused); 2 on a usage mistake (--to before --from, a window still to come, --to without --from).`;

const MAX_DURATION_MS = 3_600_000;

export const snapshot = defineCommand({
  name: 'snapshot',
  help: snapshotHelp,
  options: {
    duration: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    note: { type: 'string' },
    'no-redact': { type: 'boolean' },
    html: { type: 'boolean' },
  },
  positionals: { max: 0, tooMany: 'Unexpected "{arg}"; give the file with --out FILE.' },
  async run({ values }, { client }) {
    const past = pastWindowOf(values);
    const durationMs = parseDuration(values.duration ?? '60s');
    if (durationMs < 1000 || durationMs > MAX_DURATION_MS) {
      throw new TriageError('INVALID_INPUT', '--duration must be between 1s and 1h.');
    }
    if (values.out === '') throw new TriageError('INVALID_INPUT', '--out needs a file name.');

    // Fail before sampling, not a minute later: the target must be new and its folder writable.
    const out = values.out === undefined ? null : resolve(values.out);
    if (out) await checkTarget(out);
    if (out && values.html) await checkTarget(htmlPathFor(out));
    const notes = values.note ? { actual: values.note } : {};
    const redact = { secrets: !values['no-redact'] };

    if (past) {
      // Read from the recorded history: nothing to watch, nothing to wait for.
      const backend = client();
      const exported = await backend.call('snapshot.export', { ...past, notes, redact, path: out });
      return report(exported, values.html === true, backend);
    }

    // Watching is what makes the backend sample (and keep the top consumers' series) for the snapshot.
    const backend = client();
    const { intervalMs } = await backend.call('app.info', {});
    const unsubscribers = [
      backend.subscribe('system.metrics', {}, { next: () => undefined }),
      backend.subscribe('processes.table', {}, { next: () => undefined }),
    ];
    try {
      const startedAt = Date.now();
      await sampleFor(durationMs);
      // The window covers the whole run plus one interval, so the first sample is inside it.
      const exported = await backend.call('snapshot.export', { windowMs: Math.ceil(Date.now() - startedAt + intervalMs), notes, redact, path: out });
      return await report(exported, values.html === true, backend);
    } finally {
      for (const off of unsubscribers) off();
    }
  },
});

/** Prints the problems (stderr) and each file written (stdout), writing the HTML report when asked. */
async function report(exported: OutputOf<Contract, 'snapshot.export'>, html: boolean, backend: ContractClient<Contract>): Promise<number> {
  for (const problem of exported.problems ?? []) process.stderr.write(`triage snapshot: left out ${problem.part}: ${problem.message}\n`);
  process.stdout.write(`${exported.path}\n`);
  if (html) {
    const written = await backend.call('snapshot.html', { path: exported.path });
    process.stdout.write(`${written.path}\n`);
  }
  return 0;
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
