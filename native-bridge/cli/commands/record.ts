import { TriageError } from '../../contract/errors.js';
import { createBackend } from '../../server/backend.js';
import { createSystemCollector } from '../../platform/system-collector.js';
import { defineCommand } from '../define-command.js';
import { formatStatus } from '../format/record.js';
import { logError } from '../runtime.js';
import { sourcesFromImplementation } from '../../metrics-export/feeds.js';
import type { MetricsExporter } from '../../metrics-export/server.js';

interface MetricsChoice {
  address: string;
  tokenFile: string | undefined;
}

/** Records until SIGINT or SIGTERM; 1 when this process may not record (another recorder, a file it cannot open). */
async function recordHeadless(metrics: MetricsChoice | null): Promise<number> {
  const backend = createBackend({
    mode: 'cli',
    record: true,
    system: createSystemCollector(),
    onError: logError,
    onNotice: (sentence) => process.stderr.write(`triage record: ${sentence}\n`),
  });
  const status = await backend.implementation['history.status']({});
  if (!status.recorder?.self) {
    backend.close();
    throw new TriageError('REFUSED', status.notRecording ?? 'This process may not record the history.');
  }
  // The exporter reads the same feeds the recorder writes from: one sampler for both.
  let exporter: MetricsExporter | null = null;
  if (metrics) {
    try {
      // Only with --metrics: prom-client and the HTTP server would otherwise delay every recorder's first sample.
      const { startMetricsExporter } = await import('../../metrics-export/server.js');
      exporter = await startMetricsExporter({
        address: metrics.address,
        tokenFile: metrics.tokenFile,
        tokenFileOption: '--metrics-token-file',
        sources: () => sourcesFromImplementation(backend.implementation),
        onError: logError,
        onNotice: (message) => process.stderr.write(`triage record: ${message}\n`),
      });
    } catch (error) {
      backend.close();
      throw error;
    }
  }
  process.stdout.write(`Recording the history into ${status.path} (pid ${process.pid}). Stop with Ctrl-C.\n`);
  if (exporter) process.stdout.write(`Triage metrics: ${exporter.url}\n`);
  // The samplers' timers do not hold the process open by themselves.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  await exporter?.close();
  backend.close();
  process.stdout.write('Recording stopped.\n');
  return 0;
}

export const record = defineCommand({
  name: 'record',
  help: `Usage: triage record [--metrics HOST:PORT [--metrics-token-file FILE]] [--status [--json]] [--install | --uninstall]

Record this machine's history without a window or a web server: system samples every second, the process
table every 5 s, and events (Triage's actions, findings), into $XDG_STATE_HOME/triage/history.db. The app and
\`triage web\` record the same way while they run; only one recorder per user writes (the others read).
Read it back with \`triage history\`, \`triage top\` and \`triage ps --at\`. Stop with Ctrl-C.

  --status      say whether recording is on, since when, how much is stored and where
                (exit 0 when a recorder runs, 1 when none does)
  --json        with --status: the status as JSON
  --install     start recording at every login: a systemd user unit where a user systemd runs
                (enabled and started now), else an XDG autostart entry
  --uninstall   remove what --install wrote
  --metrics HOST:PORT          also serve /metrics for Prometheus while recording (see triage metrics --help;
                               loopback unless a token file is given)
  --metrics-token-file FILE    the bearer token every scrape must send (required beyond loopback)

Exit status: 0; 1 when another recorder runs (its pid is named) or the history cannot be written; 2 on a usage error.`,
  options: {
    status: { type: 'boolean' },
    json: { type: 'boolean' },
    install: { type: 'boolean' },
    uninstall: { type: 'boolean' },
    metrics: { type: 'string' },
    'metrics-token-file': { type: 'string' },
  },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": triage record takes only options.' },
  async run({ values }, { serve }) {
    const chosen = [values.status, values.install, values.uninstall].filter(Boolean).length;
    if (chosen > 1) throw new TriageError('INVALID_INPUT', 'Choose one of --status, --install and --uninstall.');
    if (values.json && !values.status) throw new TriageError('INVALID_INPUT', '--json goes with --status.');
    if (values['metrics-token-file'] !== undefined && values.metrics === undefined) {
      throw new TriageError('INVALID_INPUT', '--metrics-token-file goes with --metrics HOST:PORT.');
    }
    if (values.metrics !== undefined && chosen > 0) throw new TriageError('INVALID_INPUT', '--metrics goes with recording, not with --status, --install or --uninstall.');
    if (values.install || values.uninstall || values.status) {
      // The same endpoints the app's Recording panel calls (and the same audit lines), without starting samplers.
      const client = await serve(async () => (await import('../../server/parts/recording.js')).recordingPart(logError));
      if (values.install || values.uninstall) {
        const done = await client.call(values.install ? 'recording.installAutostart' : 'recording.uninstallAutostart', {});
        process.stdout.write(`${done.lines.join('\n')}\n`);
        return 0;
      }
      const status = await client.call('recording.status', {});
      process.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      return status.history.recorder ? 0 : 1;
    }
    return recordHeadless(values.metrics === undefined ? null : { address: values.metrics, tokenFile: values['metrics-token-file'] });
  },
});
