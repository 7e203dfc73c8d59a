import { DEFAULT_METRICS_ADDRESS } from '../../metrics-export/address.js';
import { sourcesFromClient } from '../../metrics-export/feeds.js';
import { startMetricsExporter } from '../../metrics-export/server.js';
import { DEFAULT_TOP, MAX_TOP, parseTop } from '../../metrics-export/top-processes.js';
import { defineCommand } from '../define-command.js';
import { logError } from '../runtime.js';

export const metrics = defineCommand({
  name: 'metrics',
  help: `Usage: triage metrics [--listen HOST:PORT] [--token-file FILE] [--top N]

Serve this machine's figures on http://HOST:PORT/metrics in the OpenMetrics text format, for Prometheus
(or VictoriaMetrics, Grafana Agent) to scrape, until Ctrl-C. Series: CPU, memory, load, pressure, disks,
network interfaces, and the top processes by CPU and by memory (name and pid only, never command lines).

  --listen HOST:PORT  where to listen (default ${DEFAULT_METRICS_ADDRESS}; IPv6 as [::1]:9720; port 0 picks
                      a free one). Any address but loopback needs --token-file.
  --token-file FILE   every scrape must send "Authorization: Bearer TOKEN" with the token in FILE (one line,
                      at least 16 characters; the file must not be readable by every user)
  --top N             processes per ranking, 1 to ${MAX_TOP} (default ${DEFAULT_TOP})`,
  options: { listen: { type: 'string' }, 'token-file': { type: 'string' }, top: { type: 'string' } },
  positionals: { max: 0, tooMany: '"{arg}" is not an option; give the address with --listen, for example --listen 127.0.0.1:9720' },
  async run({ values }, { client }) {
    const top = values.top === undefined ? DEFAULT_TOP : parseTop(values.top);
    const exporter = await startMetricsExporter({
      address: values.listen ?? DEFAULT_METRICS_ADDRESS,
      tokenFile: values['token-file'],
      tokenFileOption: '--token-file',
      top,
      sources: () => sourcesFromClient(client()),
      onError: logError,
      onNotice: (message) => process.stderr.write(`triage: ${message}\n`),
    });
    process.stdout.write(`Triage metrics: ${exporter.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await exporter.close();
    return 0;
  },
});
