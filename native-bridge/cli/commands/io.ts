import { TriageError } from '../../contract/errors.js';
import { formatFilesystems, formatIo } from '../../netfiles/format.js';
import { parseCommandArgs } from '../args.js';
import { openRuntime } from '../runtime.js';

export const ioHelp = `Usage: triage io [--json]

Disk use per filesystem (space, inodes, space held by deleted-but-open files), then the processes
reading and writing the most, per second, measured over about one second (like iotop).

  --json   print both as JSON: { filesystems, io }`;

export async function ioCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${ioHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new TriageError('INVALID_INPUT', `Unexpected argument "${positionals[0]}": triage io takes only options.`);
  const runtime = openRuntime('cli');
  const { client } = runtime;
  try {
    const [filesystems, io] = await Promise.all([client.call('disk.filesystems', {}), client.call('disk.io', { windowMs: 1000 })]);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ filesystems, io }, null, 2)}\n`);
      return 0;
    }
    const findings = filesystems.findings.map((f) => `! ${f.sentence}`);
    process.stdout.write(`${formatFilesystems(filesystems.filesystems)}\n${findings.length ? `\n${findings.join('\n')}\n` : ''}\n${formatIo(io)}`);
    return 0;
  } finally {
    runtime.close();
  }
}
