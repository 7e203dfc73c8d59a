import { constants } from 'node:os';
import { TriageError } from '../../contract/errors.js';
import { SIGNAL_NAMES, SignalName } from '../../contract/processes.js';
import { parsePid } from '../args.js';
import { confirmAndAct } from '../confirm-action.js';
import { defineCommand } from '../define-command.js';

export function parseSignalArg(text: string | undefined): SignalName {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the signal to send, for example TERM or STOP.');
  let name = text.trim().toUpperCase().replace(/^SIG/, '');
  if (/^\d+$/.test(name)) {
    const byNumber = Object.entries(constants.signals).find(([, n]) => n === Number(name));
    name = byNumber ? byNumber[0].replace(/^SIG/, '') : name;
  }
  const parsed = SignalName.safeParse(name);
  if (!parsed.success) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a signal Triage sends; use one of ${SIGNAL_NAMES.join(', ')}.`);
  }
  return parsed.data;
}

export const signal = defineCommand({
  name: 'signal',
  help: `Usage: triage signal SIGNAL PID [--yes] [--force]

Send a signal to one process, after showing which process it is and asking to confirm.

  SIGNAL    TERM, KILL, STOP, CONT, HUP, INT, QUIT, USR1, USR2, ABRT, ALRM, TSTP, TTIN, TTOU or WINCH
            (a SIG prefix, lower case and the usual numbers such as 9 or 15 work too)
  --yes     do not ask (needed when stdin is not a terminal, e.g. in scripts)
  --force   act even on init (pid 1) or Triage's own processes

Refused when the pid now belongs to another process than the one confirmed. Every request, done or
refused, is appended to the audit log.`,
  options: { yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' } },
  positionals: { max: 2, tooMany: 'triage signal takes a signal and one pid, for example: triage signal TERM 1234' },
  negativePositionals: true,
  async run({ values, positionals }, { client }) {
    const signal = parseSignalArg(positionals[0]);
    const pid = parsePid(positionals[1]);
    return confirmAndAct(client(), {
      command: 'signal',
      pid,
      action: { kind: 'signal', signal },
      question: (target) => `Send ${signal} to ${target}`,
      yes: values.yes ?? false,
      force: values.force ?? false,
    });
  },
});
