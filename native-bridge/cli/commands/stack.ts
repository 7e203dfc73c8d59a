import { formatBacktrace } from '../format/core.js';
import { parsePid } from '../args.js';
import { defineCommand } from '../define-command.js';

export const stack = defineCommand({
  name: 'stack',
  help: `Usage: triage stack PID [--json]

Print what a running process is doing right now: the stack of every thread. The process is paused only
for the moment of the capture and then continues.

  --json   print the backtrace as JSON: the same object the UI receives`,
  options: { json: { type: 'boolean' } },
  positionals: { max: 1, tooMany: 'Give one process id, for example: triage stack 1234' },
  async run({ values, positionals }, { client }) {
    const pid = parsePid(positionals[0]);
    const backtrace = await client().call('core.liveBacktrace', { pid });
    process.stdout.write(values.json ? `${JSON.stringify(backtrace, null, 2)}\n` : formatBacktrace(backtrace));
    return 0;
  },
});
