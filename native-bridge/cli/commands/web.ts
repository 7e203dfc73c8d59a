import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '../../contract/index.js';
import { startWebServer } from '../../server/web/server.js';
import { rendererRoot } from '../../server/renderer-root.js';
import { parseCommandArgs } from '../args.js';
import { browserNotice, hasDisplay, openUiInBrowser, type OpenedUi } from '../open-ui.js';
import { logError, openRuntime } from '../runtime.js';
import { TriageError } from '../../contract/errors.js';

/**
 * The port \`triage web\` asks for first. A browser caches per origin, port included: on a new port at every
 * start, each start would download and compile the whole UI again. Below Linux's ephemeral range
 * (32768-60999), so an outgoing connection rarely holds it; when something does, any free port is used.
 */
export const USUAL_PORT = 7441;

export const webHelp = `Usage: triage web [--port N] [--host ADDRESS] [--no-open]

Serve the Triage UI to a browser on this machine and print its URL (with a secret token).

  --port N        listen on port N (default: ${USUAL_PORT}, or any free port when ${USUAL_PORT} is taken; the
                  same port at every start lets the browser reuse the files it cached)
  --host ADDRESS  listen on ADDRESS instead of 127.0.0.1 (not recommended: anyone who can reach it
                  and has the token can act as you)
  --no-open       do not open a browser window`;

export async function webCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-open': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${webHelp}\n`);
    return 0;
  }
  const usualPort = values.port === undefined;
  const port = usualPort ? USUAL_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TriageError('INVALID_INPUT', `--port must be a number from 0 to 65535, not "${values.port}".`);
  }
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    process.stderr.write(`triage: warning: listening on ${host}, not loopback; anyone who can reach it and has the token can act as you.\n`);
  }
  const runtime = openRuntime('web');
  const server = await startWebServer({
    contract,
    implementation: runtime.backend.implementation,
    rendererRoot: rendererRoot(dirname(fileURLToPath(import.meta.url))),
    host,
    port,
    anyPortIfTaken: usualPort,
    onError: logError,
    onNotice: (message) => process.stderr.write(`triage: ${message}\n`),
  }).catch((error: unknown) => {
    runtime.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new TriageError('IO_ERROR', `Cannot listen on ${host}:${port}: ${reason}`);
  });
  await runtime.backend.metrics.prime();
  // Said, so that someone who kept the usual address sees why this start is elsewhere (and who may hold it).
  if (usualPort && server.port !== USUAL_PORT) {
    process.stderr.write(`triage: port ${USUAL_PORT} is in use by another program; serving on port ${server.port} instead.\n`);
  }
  process.stdout.write(`Triage web UI: ${server.url}\n`);
  // A browser cannot appear without a display: say so instead of starting one that silently fails.
  const display = hasDisplay();
  const opened: OpenedUi | null = values['no-open'] || !display ? null : openUiInBrowser(server);
  if (!values['no-open']) process.stderr.write(`triage: ${browserNotice(opened, display)}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  opened?.remove();
  await server.close();
  runtime.close();
  return 0;
}
