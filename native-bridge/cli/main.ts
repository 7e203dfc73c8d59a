import { TriageError } from '../contract/errors.js';
import { TRIAGE_VERSION } from '../shared/version.js';
import { sampleCommand, sampleHelp } from './commands/sample.js';
import { traceCommand, traceHelp } from './commands/trace.js';
import { webCommand, webHelp } from './commands/web.js';

type Command = { run: (argv: string[]) => Promise<number>; summary: string; help: string };

const commands = new Map<string, Command>([
  ['web', { run: webCommand, summary: 'serve the UI to a browser on this machine', help: webHelp }],
  ['sample', { run: sampleCommand, summary: 'print one system sample and exit', help: sampleHelp }],
  ['trace', { run: traceCommand, summary: 'trace a program (strace/ltrace) and say what failed', help: traceHelp }],
]);

function usage(): string {
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  return [
    'Usage: triage <command> [options]',
    '',
    'Triage: a diagnostics workbench for slow, leaking or crashing machines.',
    '',
    'Commands:',
    ...[...commands].map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: triage <command> --help)',
    '  -V, --version  print the version',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' && rest[0] ? commands.get(rest[0]) : undefined;
    // Asked for help: stdout and success. No command at all: a usage error, on stderr.
    (first === undefined ? process.stderr : process.stdout).write(`${topic ? topic.help : usage()}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`triage ${TRIAGE_VERSION}\n`);
    return 0;
  }
  const command = commands.get(first);
  if (!command) {
    process.stderr.write(`triage: unknown command "${first}". Run "triage --help" for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof TriageError) {
      process.stderr.write(`triage ${first}: ${error.message}\n`);
      return error.code === 'INVALID_INPUT' ? 2 : 1;
    }
    throw error;
  }
}
