import { TRIAGE_VERSION } from '../shared/version.js';
import { isBackendFailure } from './backend-failure.js';

/** A command's module, loaded only when that command runs: `--version` and `--help` load none of them. */
type Loaded = { run: (argv: string[]) => Promise<number>; readonly help: string };
type Command = { summary: string; load: () => Promise<Loaded> };

const commands = new Map<string, Command>([
  ['doctor', { summary: 'say what is wrong with this machine, most serious first', load: () => import('./commands/doctor.js').then((m) => m.doctor) }],
  ['thresholds', { summary: 'the thresholds findings judge with; --set and --reset change them', load: () => import('./commands/thresholds.js').then((m) => m.thresholds) }],
  ['changes', { summary: 'what changed lately: boots, packages, units, kernel events, /etc, Triage actions', load: () => import('./commands/changes.js').then((m) => m.changes) }],
  ['web', { summary: 'serve the UI to a browser on this machine', load: () => import('./commands/web.js').then((m) => ({ run: m.webCommand, help: m.webHelp })) }],
  ['sample', { summary: 'print one system sample and exit', load: () => import('./commands/sample.js').then((m) => m.sample) }],
  ['ps', { summary: 'list processes (busiest first)', load: () => import('./commands/ps.js').then((m) => m.ps) }],
  ['signal', { summary: 'send a signal to a process (asks first)', load: () => import('./commands/signal.js').then((m) => m.signal) }],
  ['renice', { summary: 'change the CPU priority of a process (asks first)', load: () => import('./commands/renice.js').then((m) => m.renice) }],
  ['core', { summary: 'explain a core dump: the signal and the backtrace of every thread', load: () => import('./commands/core.js').then((m) => m.core) }],
  ['stack', { summary: 'print the live backtrace of every thread of a process', load: () => import('./commands/stack.js').then((m) => m.stack) }],
  ['trace', { summary: 'trace a program (strace/ltrace) and say what failed', load: () => import('./commands/trace.js').then((m) => m.trace) }],
  ['snapshot', { summary: 'sample for a while, then write everything seen into one file to send', load: () => import('./commands/snapshot.js').then((m) => m.snapshot) }],
  ['watch', { summary: "watch one process's memory and say whether it is leaking", load: () => import('./commands/watch.js').then((m) => m.watch) }],
  ['leaks', { summary: 'list processes whose memory keeps growing (leak suspects)', load: () => import('./commands/leaks.js').then((m) => m.leaks) }],
  ['net', { summary: 'sockets, listening ports and stuck connections, with their processes', load: () => import('./commands/net.js').then((m) => m.net) }],
  ['files', { summary: 'open files of a process, or deleted files still holding disk space', load: () => import('./commands/files.js').then((m) => m.files) }],
  ['metrics', { summary: 'serve this machine\'s figures to Prometheus (OpenMetrics on /metrics)', load: () => import('./commands/metrics.js').then((m) => m.metrics) }],
  ['io', { summary: 'disk use per filesystem and disk I/O per process (like iotop)', load: () => import('./commands/io.js').then((m) => m.io) }],
  ['record', { summary: 'record the machine\'s history headless (--status, --install for every login)', load: () => import('./commands/record.js').then((m) => m.record) }],
  ['history', { summary: 'what the machine did over a past window, per minute, from the recorded history', load: () => import('./commands/history.js').then((m) => m.history) }],
  ['top', { summary: 'who used the most CPU, memory or I/O over a past window', load: () => import('./commands/top.js').then((m) => m.top) }],
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
    '',
    'Exit status: 0 done; 1 failed, refused, or found what was asked about (doctor: something serious);',
    '2 a usage mistake (the sentence and the command\'s usage line are printed).',
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
    const topic = first === 'help' && rest[0] ? await commands.get(rest[0])?.load() : undefined;
    // Asked for help: stdout and success. No command at all: a usage error, on stderr.
    (first === undefined ? process.stderr : process.stdout).write(`${topic ? topic.help : usage()}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`triage ${TRIAGE_VERSION}\n`);
    return 0;
  }
  const entry = commands.get(first);
  if (!entry) {
    process.stderr.write(`triage: unknown command "${first}". Run "triage --help" for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (error) {
    // Loaded here, not at start: `--version` reads nothing but the entry (the class itself is zod-free).
    const { TriageError } = await import('../contract/triage-error.js');
    if (error instanceof TriageError) {
      // A usage mistake gets the command's own usage line under the sentence, for every command alike.
      const usageMistake = error.code === 'INVALID_INPUT' && !isBackendFailure(error);
      const usageLine = usageMistake ? usageLineOf(command.help) : null;
      process.stderr.write(`triage ${first}: ${error.message}\n${usageLine ? `${usageLine}\nRun "triage ${first} --help" for every option.\n` : ''}`);
      return usageMistake ? 2 : 1;
    }
    throw error;
  }
}
