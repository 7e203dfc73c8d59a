import { TriageError } from '../../contract/errors.js';
import { formatBacktrace } from '../../core/format.js';
import { parseCommandArgs } from '../args.js';
import { openRuntime } from '../runtime.js';
import { reportFailure } from './core.js';

export const stackHelp = `Usage: triage stack PID [--json]

Print what a running process is doing right now: the stack of every thread. The process is paused only
for the moment of the capture and then continues.

  --json   print the backtrace as JSON: the same object the UI receives`;

const MAX_PID = 4_194_304;

/** Pure: the PID argument, strictly a whole number in the kernel's range. */
export function parsePidArg(text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new TriageError('INVALID_INPUT', `Give the process id as a whole number, for example: triage stack 1234${text === undefined ? '' : ` (got "${text}")`}.`);
  }
  const pid = Number(text);
  if (pid < 1 || pid > MAX_PID) throw new TriageError('INVALID_INPUT', `${text} is not a valid process id (1 to ${MAX_PID}).`);
  return pid;
}

export async function stackCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${stackHelp}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new TriageError('INVALID_INPUT', 'Give one process id, for example: triage stack 1234');
  const pid = parsePidArg(positionals[0]);

  const runtime = openRuntime('cli');
  try {
    return await reportFailure('stack', async () => {
      const backtrace = await runtime.client.call('core.liveBacktrace', { pid });
      process.stdout.write(values.json ? `${JSON.stringify(backtrace, null, 2)}\n` : formatBacktrace(backtrace));
      return 0;
    });
  } finally {
    runtime.close();
  }
}
