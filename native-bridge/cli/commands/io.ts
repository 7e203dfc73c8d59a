import { formatFilesystems, formatIo } from '../format/netfiles.js';
import { defineCommand } from '../define-command.js';

export const io = defineCommand({
  name: 'io',
  help: `Usage: triage io [--json]

Disk use per filesystem (space, inodes, space held by deleted-but-open files), then the processes
reading and writing the most, per second, measured over about one second (like iotop).

  --json   print both as JSON: { filesystems, io }`,
  options: { json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage io takes only options.' },
  async run({ values }, { client }) {
    const [filesystems, io] = await Promise.all([client().call('disk.filesystems', {}), client().call('disk.io', { windowMs: 1000 })]);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ filesystems, io }, null, 2)}\n`);
      return 0;
    }
    const findings = filesystems.findings.map((f) => `! ${f.sentence}`);
    process.stdout.write(`${formatFilesystems(filesystems.filesystems)}\n${findings.length ? `\n${findings.join('\n')}\n` : ''}\n${formatIo(io)}`);
    return 0;
  },
});
