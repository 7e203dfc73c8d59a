import { TriageError } from '../../contract/errors.js';
import { Nice } from '../../contract/processes.js';
import { parseCommandArgs } from '../args.js';
import { openRuntime } from '../runtime.js';
import { confirmOnTerminal, describeTarget, parsePidArg, protectNegatives, reportResult, restoreNegatives, targetLine } from './signal.js';

export const reniceHelp = `Usage: triage renice PID NICE [--yes] [--force]

Change the CPU priority of one process, after showing which process it is and asking to confirm.

  NICE      -20 (highest priority) … 19 (lowest); raising priority (below the current value) needs
            administrator rights
  --yes     do not ask (needed when stdin is not a terminal, e.g. in scripts)
  --force   act even on init (pid 1) or Triage's own processes

Refused when the pid now belongs to another process than the one confirmed. Every request, done or
refused, is appended to the audit log.`;

export function parseNiceArg(text: string | undefined): number {
  if (text === undefined) throw new TriageError('INVALID_INPUT', 'Give the new nice value, from -20 (highest priority) to 19 (lowest).');
  const parsed = /^[+-]?\d+$/.test(text) ? Nice.safeParse(Number(text)) : null;
  if (!parsed?.success) {
    throw new TriageError('INVALID_INPUT', `"${text}" is not a nice value: use a whole number from -20 (highest priority) to 19 (lowest).`);
  }
  return parsed.data;
}

export async function reniceCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    protectNegatives(argv),
    {
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  );
  if (values.help) {
    process.stdout.write(`${reniceHelp}\n`);
    return 0;
  }
  const args = restoreNegatives(positionals);
  if (args.length > 2) throw new TriageError('INVALID_INPUT', 'triage renice takes one pid and a nice value, for example: triage renice 1234 10');
  const pid = parsePidArg(args[0]);
  const nice = parseNiceArg(args[1]);
  const target = describeTarget(pid);
  const confirmed = await confirmOnTerminal('renice', `Set the nice value of ${targetLine(target)} to ${nice}`, values.yes ?? false);
  if (!confirmed) {
    process.stderr.write('Cancelled; nothing was done.\n');
    return 1;
  }
  const runtime = openRuntime('cli');
  try {
    const result = await runtime.client.call('processes.act', {
      pid,
      startTime: target.startTime,
      action: { kind: 'renice', nice },
      ...(values.force ? { force: true } : {}),
    });
    return reportResult(result);
  } finally {
    runtime.close();
  }
}
