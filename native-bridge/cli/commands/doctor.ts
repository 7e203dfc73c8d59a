import type { FindingsReport } from '../../contract/findings.js';
import { formatFindings } from '../format/findings.js';
import { defineCommand } from '../define-command.js';
import { parseDurationOption, progressLine, waitFor } from '../watching.js';

/** How long doctor waits past --duration for readings that have not answered once. */
const GRACE_MS = 5000;

export const doctor = defineCommand({
  name: 'doctor',
  help: `Usage: triage doctor [--duration 2s] [--json]

Watch the machine for a moment and say what is wrong with it, most serious first: CPU saturated and by
whom, a process holding a core, a process growing steadily (needs --duration 30s), tasks stuck in disk wait, memory pressure, low memory, swapping,
filesystems nearly full, saturated disks, stopped processes, zombies, out-of-memory kills and crashes
in the kernel log, a CPU slowed by heat or held at a low speed, a power-saving profile on AC power, a low
battery, a clock not synchronised, failed or restarting systemd units, sockets left in CLOSE_WAIT, connection attempts
with no answer (SYN_SENT), TIME_WAIT piling up, received data not read and listen queues filling up. Then the checks that passed, and those that could not run here and why.

  --duration TIME   how long to watch (default 2s; at least 1s; examples: 30s, 5m). Conditions that
                    must last (a stopped process, a saturated CPU) need a longer watch to be judged.
  --json            print the report as JSON: the same object the UI receives

Exit status: 0 nothing serious, 1 something serious, 2 a usage error.
Thresholds: triage thresholds lists them and changes them per rule.`,
  options: { duration: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage doctor looks at the whole machine.' },
  async run({ values }, { client }) {
    const durationMs = parseDurationOption(values.duration, 2000, 'duration', 1000, 3_600_000);
    const progress = progressLine();
    let report: FindingsReport | null = null;
    let failure: unknown = null;
    const stop = client().subscribe(
      'findings.stream',
      {},
      {
        next: (message) => {
          report = message;
        },
        error: (error) => {
          failure = error;
        },
      },
    );
    try {
      const started = Date.now();
      const ticker = setInterval(() => {
        progress.update(`Watching the machine: ${Math.round((Date.now() - started) / 1000)} s of ${Math.round(durationMs / 1000)} s`);
      }, 500);
      const how = await waitFor(durationMs).finally(() => clearInterval(ticker));
      // A report before every reading answered once is not an answer: wait a little longer for them (a
      // loaded machine may take more than a second to give its first process table), unless stopped.
      const deadline = Date.now() + GRACE_MS;
      const waiting = (): string[] | null => (report as FindingsReport | null)?.waitingFor ?? null;
      while (how === 'done' && !failure && (waiting()?.length ?? 1) > 0 && Date.now() < deadline) {
        progress.update(`Waiting for ${waiting()?.join(', ') ?? 'the first report'}…`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      progress.end();
      if (failure) throw failure;
      // The stream sends a report only when it changed (or every 10 s): the answer is judged at the newest sample.
      const final: FindingsReport = await client().call('findings.current', {});
      process.stdout.write(values.json ? `${JSON.stringify(final, null, 2)}\n` : formatFindings(final));
      return final.findings.some((f) => f.severity === 'serious') ? 1 : 0;
    } finally {
      stop();
      progress.end();
    }
  },
});
