import { changesContract, CHANGES_MAX_WINDOW_MS } from '../../contract/changes.js';
import { TriageError } from '../../contract/errors.js';
import { createChangesService } from '../../changes/service.js';
import { createAuditLog } from '../../processes/audit-log.js';
import { createInProcessClient } from '../../server/transports/in-process.js';
import { parseDuration } from '../args.js';
import { formatChanges } from '../format/changes.js';
import { defineCommand } from '../define-command.js';
import { withHistoryClient } from '../history-client.js';

const changesHelp = `Usage: triage changes [--since 2h] [--json]

What changed on this machine lately, newest first: boots, wake-ups from sleep (kernel log, systemd-sleep,
and those Triage's recorder noticed), packages installed, upgraded or removed (dpkg, apt, dnf/rpm),
systemd units started, stopped or failed, kernel messages of note (out-of-memory kills, crashes, I/O
errors, thermal), configuration files modified under /etc, top consumers that started or ended (as the
history recorder noted them: this command watches nothing itself), and Triage's own actions.
Then the sources that could not be read, and why: their changes are unknown, not absent.

  --since TIME   how far back to look (default 2h; examples: 30m, 24h, 7d; at most 31 days)
  --json         print the list as JSON: the same object the UI receives

Exit status: 0, or 2 on a usage error.`;

/** "7d" is common enough for change windows; the rest is the shared duration syntax. */
function parseSince(text: string): number {
  const days = /^(\d+(?:\.\d+)?)d$/.exec(text.trim());
  const ms = days ? Math.round(Number(days[1]) * 86_400_000) : parseDuration(text);
  if (ms <= 0 || ms > CHANGES_MAX_WINDOW_MS) throw new TriageError('INVALID_INPUT', `--since must be more than 0 and at most 31 days (got "${text}").`);
  return ms;
}

export const changes = defineCommand({
  name: 'changes',
  help: changesHelp,
  options: { since: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage changes looks at the whole machine.' },
  async run({ values }) {
    const sinceMs = Date.now() - (values.since === undefined ? 2 * 3_600_000 : parseSince(values.since));
    // Through the contract's client, but only the changes capability and the audit log behind it: the
    // whole backend would start samplers this command never reads.
    const audit = createAuditLog();
    // Nothing is watched live here: resumes Triage noticed and top consumers come from the recorded history.
    return withHistoryClient(async (history) => {
      const recorded = {
        events: (from: number, to: number) => history.call('history.events', { from, to, limit: 10_000 }),
        status: () => history.call('history.status', {}),
      };
      const { client, close } = createInProcessClient(changesContract, createChangesService({ auditEntries: () => audit.readCounted(), auditPath: audit.path, recorded }));
      try {
        const list = await client.call('changes.list', { sinceMs });
        process.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : formatChanges(list));
        return 0;
      } finally {
        close();
      }
    });
  },
});
