import { openRuntime } from '../runtime.js';
import { parseCommandArgs } from '../args.js';
import { formatSample } from '../format-sample.js';

export const sampleHelp = `Usage: triage sample [--json]

Print one system sample (CPU, load, memory, swap, pressure, disks, network) and exit.
Rates cover a short measuring interval taken by this command.

  --json   print the sample as JSON: the same object the UI receives`;

export async function sampleCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${sampleHelp}\n`);
    return 0;
  }
  const runtime = openRuntime('cli');
  try {
    // The first reading is the baseline; rates need a second one an interval later.
    await runtime.client.call('system.sample', {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sample = await runtime.client.call('system.sample', {});
    process.stdout.write(values.json ? `${JSON.stringify(sample, null, 2)}\n` : formatSample(sample));
    return 0;
  } finally {
    runtime.close();
  }
}
