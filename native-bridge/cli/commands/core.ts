import { resolve } from 'node:path';
import { TriageError } from '../../contract/errors.js';
import { formatBacktrace } from '../format/core.js';
import { defineCommand } from '../define-command.js';

export const core = defineCommand({
  name: 'core',
  help: `Usage: triage core CORE_FILE [--exe PROGRAM] [--json]

Explain a core dump: which signal ended the program and what it means, the crashing thread first,
then the backtrace of every thread, and the source lines around the crash when the source is on disk.
The program that crashed is found from the core; give it with --exe when it has moved.

  --exe PROGRAM   the program that crashed (relative paths are taken from the current folder)
  --json          print the analysis as JSON: the same object the UI receives`,
  options: { exe: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 1, tooMany: 'Give exactly one core file, for example: triage core ./core.12345' },
  async run({ values, positionals }, { client }) {
    if (!positionals[0]) throw new TriageError('INVALID_INPUT', 'Give exactly one core file, for example: triage core ./core.12345');
    if (values.exe === '') throw new TriageError('INVALID_INPUT', '--exe needs the path of the program that crashed.');
    // The backend accepts only absolute paths; the user means paths from where they are.
    const path = resolve(positionals[0]);
    const exe = values.exe === undefined ? undefined : resolve(values.exe);
    const analysis = await client().call('core.open', exe ? { path, exe } : { path });
    process.stdout.write(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatBacktrace(analysis));
    return 0;
  },
});
