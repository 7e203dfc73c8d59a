import { TriageError } from '../../contract/errors.js';
import { Nice } from '../../contract/processes.js';
import { parsePid } from '../args.js';
import { confirmAndAct } from '../confirm-action.js';
import { defineCommand } from '../define-command.js';

export function parseNiceArg(text: string | undefined): number {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the new nice value, from -20 (highest priority) to 19 (lowest).');
  const parsed = /^[+-]?\d+$/.test(text) ? Nice.safeParse(Number(text)) : null;
  if (!parsed?.success) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a nice value: use a whole number from -20 (highest priority) to 19 (lowest).`);
  }
  return parsed.data;
}

export const renice = defineCommand({
  name: 'renice',
  help: `Usage: triage renice PID NICE [--yes] [--force]

Change the CPU priority of one process, after showing which process it is and asking to confirm.

  NICE      -20 (highest priority) … 19 (lowest); raising priority (below the current value) needs
            administrator rights
  --yes     do not ask (needed when stdin is not a terminal, e.g. in scripts)
  --force   act even on init (pid 1) or Triage's own processes

Refused when the pid now belongs to another process than the one confirmed. Every request, done or
refused, is appended to the audit log.`,
  options: { yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' } },
  positionals: { max: 2, tooMany: 'triage renice takes one pid and a nice value, for example: triage renice 1234 10' },
  negativePositionals: true,
  async run({ values, positionals }, { client }) {
    const pid = parsePid(positionals[0]);
    const nice = parseNiceArg(positionals[1]);
    return confirmAndAct(client(), {
      command: 'renice',
      pid,
      action: { kind: 'renice', nice },
      question: (target) => `Set the nice value of ${target} to ${nice}`,
      yes: values.yes ?? false,
      force: values.force ?? false,
    });
  },
});
