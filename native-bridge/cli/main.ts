import { TriageError } from '../contract/errors.js';
import { TRIAGE_VERSION } from '../shared/version.js';
import { coreCommand, coreHelp } from './commands/core.js';
import { sampleCommand, sampleHelp } from './commands/sample.js';
import { psCommand, psHelp } from './commands/ps.js';
import { signalCommand, signalHelp } from './commands/signal.js';
import { reniceCommand, reniceHelp } from './commands/renice.js';
import { stackCommand, stackHelp } from './commands/stack.js';
import { traceCommand, traceHelp } from './commands/trace.js';
import { snapshotCommand, snapshotHelp } from './commands/snapshot.js';
import { webCommand, webHelp } from './commands/web.js';
import { watchCommand, watchHelp } from './commands/watch.js';
import { leaksCommand, leaksHelp } from './commands/leaks.js';
import { netCommand, netHelp } from './commands/net.js';
import { filesCommand, filesHelp } from './commands/files.js';
import { ioCommand, ioHelp } from './commands/io.js';
import { doctorCommand, doctorHelp } from './commands/doctor.js';

type Command = { run: (argv: string[]) => Promise<number>; summary: string; help: string };

const commands = new Map<string, Command>([
  ['doctor', { run: doctorCommand, summary: 'say what is wrong with this machine, most serious first', help: doctorHelp }],
  ['web', { run: webCommand, summary: 'serve the UI to a browser on this machine', help: webHelp }],
  ['sample', { run: sampleCommand, summary: 'print one system sample and exit', help: sampleHelp }],
  ['ps', { run: psCommand, summary: 'list processes (busiest first)', help: psHelp }],
  ['signal', { run: signalCommand, summary: 'send a signal to a process (asks first)', help: signalHelp }],
  ['renice', { run: reniceCommand, summary: 'change the CPU priority of a process (asks first)', help: reniceHelp }],
  ['core', { run: coreCommand, summary: 'explain a core dump: the signal and the backtrace of every thread', help: coreHelp }],
  ['stack', { run: stackCommand, summary: 'print the live backtrace of every thread of a process', help: stackHelp }],
  ['trace', { run: traceCommand, summary: 'trace a program (strace/ltrace) and say what failed', help: traceHelp }],
  ['snapshot', { run: snapshotCommand, summary: 'sample for a while, then write everything seen into one file to send', help: snapshotHelp }],
  ['watch', { run: watchCommand, summary: "watch one process's memory and say whether it is leaking", help: watchHelp }],
  ['leaks', { run: leaksCommand, summary: 'list processes whose memory keeps growing (leak suspects)', help: leaksHelp }],
  ['net', { run: netCommand, summary: 'sockets, listening ports and stuck connections, with their processes', help: netHelp }],
  ['files', { run: filesCommand, summary: 'open files of a process, or deleted files still holding disk space', help: filesHelp }],
  ['io', { run: ioCommand, summary: 'disk use per filesystem and disk I/O per process (like iotop)', help: ioHelp }],
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

/** The "Usage: triage ps …" line(s) at the top of a command's help. */
export function usageLineOf(help: string): string | null {
  const lines = help.split('\n');
  const end = lines.findIndex((l) => l.trim() === '');
  const head = lines.slice(0, end < 0 ? 1 : end).join('\n');
  return head.startsWith('Usage:') ? head : null;
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
      // A usage mistake gets the command's own usage line under the sentence, for every command alike.
      const usageLine = error.code === 'INVALID_INPUT' ? usageLineOf(command.help) : null;
      process.stderr.write(`triage ${first}: ${error.message}\n${usageLine ? `${usageLine}\nRun "triage ${first} --help" for every option.\n` : ''}`);
      return error.code === 'INVALID_INPUT' ? 2 : 1;
    }
    throw error;
  }
}
