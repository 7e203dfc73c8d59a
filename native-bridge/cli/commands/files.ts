import { TriageError } from '../../contract/errors.js';
import type { DeletedFilesResult } from '../../contract/netfiles.js';
import { deletedSummary } from '../../netfiles/deleted-summary.js';
import { formatDeleted, formatOpenFiles } from '../format/netfiles.js';
import { parsePid } from '../args.js';
import { defineCommand } from '../define-command.js';

export const files = defineCommand({
  name: 'files',
  help: `Usage: triage files --deleted [--pid PID] [--json]
       triage files --pid PID [--json]

  --deleted   deleted files that processes still hold open, largest first, with the space you get back
              by restarting each process and the filesystem it sits on (the full disk du cannot explain)
  --pid PID   the open descriptors of process PID: files, sockets, pipes, devices, with mode and position;
              with --deleted, only the deleted files PID holds
  --json      print the result as JSON: the same object the UI receives

Exit status: 1 when none of the process's descriptors could be read.`,
  options: { deleted: { type: 'boolean' }, pid: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage files takes only options.' },
  async run({ values }, { client }) {
    const pid = values.pid === undefined ? undefined : parsePid(values.pid);
    if (values.deleted) {
      const result = await client().call('files.deleted', {});
      const shown = pid === undefined ? result : onlyHeldBy(result, pid);
      process.stdout.write(values.json ? `${JSON.stringify(shown, null, 2)}\n` : formatDeleted(shown));
      return 0;
    }
    if (pid === undefined) throw new TriageError('INVALID_INPUT', 'Say which files: --deleted for the whole machine, or --pid PID for one process.');
    const result = await client().call('files.open', { pid });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatOpenFiles(result));
    // Nothing could be read (as opposed to: read, and empty): a failure a script must be able to see.
    const u = result.unreadable;
    return u && u.reason !== 'kernel-thread' && result.files.length === 0 ? 1 : 0;
  },
});

/** The deleted files one process holds, with the total and the sentence made again from that shorter list. */
function onlyHeldBy(result: DeletedFilesResult, pid: number): DeletedFilesResult {
  const files = result.files.filter((f) => f.holders.some((h) => h.pid === pid));
  return {
    ...result,
    files,
    byProcess: result.byProcess.filter((g) => g.pid === pid),
    totalAllocatedBytes: files.reduce((sum, f) => sum + f.allocatedBytes, 0),
    summary: deletedSummary(files, result.unreadable.processes),
  };
}
