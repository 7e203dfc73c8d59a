import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TriageError } from '../contract/errors.js';
import { DEFAULT_METRICS_ADDRESS, isLoopback, parseListenAddress, urlHost } from './address.js';
import { FeedState, type MetricsExportSources } from './feeds.js';
import { ExportSeries } from './series.js';
import { bearerMatches, readTokenFile, type TokenDigest } from './token.js';
import { DEFAULT_TOP, topProcesses } from './top-processes.js';

export interface MetricsExporterOptions {
  /** HOST:PORT; default 127.0.0.1:9720. Anything but loopback needs `tokenFile`. */
  address?: string;
  /** A file holding the bearer token every scrape must send (required beyond loopback, optional on it). */
  tokenFile?: string;
  /** The option that names the token file, for the sentences (`--metrics-token-file` in `triage record`, or the app's field in words). */
  tokenFileOption?: string;
  /** The feeds, or a function giving them: called only once the address and the token are accepted. */
  sources: MetricsExportSources | (() => MetricsExportSources);
  /** How many processes per ranking (by CPU, by memory); default 10, at most 50. */
  top?: number;
  onError?: (error: unknown) => void;
  /** Said once at start when the exporter listens beyond loopback. */
  onNotice?: (message: string) => void;
}

export type MetricsExporter = Awaited<ReturnType<typeof startMetricsExporter>>;

/**
 * Serves the backend's feeds as OpenMetrics on `/metrics`. It never samples: it keeps the latest of each
 * feed and turns it into series when scraped (an unchanged state is answered from the last rendering).
 */
export async function startMetricsExporter(options: MetricsExporterOptions) {
  const address = parseListenAddress(options.address ?? DEFAULT_METRICS_ADDRESS);
  const tokenOption = options.tokenFileOption ?? '--metrics-token-file';
  const shown = `${urlHost(address.host)}:${address.port}`;
  if (!address.loopback && options.tokenFile === undefined) {
    throw new TriageError(
      'INVALID_INPUT',
      `Serving metrics on ${shown} lets other machines read this one's process names; Triage does that only with a bearer token: give ${tokenOption.startsWith('--') ? `${tokenOption} FILE` : tokenOption} (a file only you can read), or listen on 127.0.0.1.`,
    );
  }
  const token = options.tokenFile === undefined ? null : readTokenFile(options.tokenFile);
  const onError = options.onError ?? (() => undefined);
  const top = options.top ?? DEFAULT_TOP;
  const feeds = new FeedState(typeof options.sources === 'function' ? options.sources() : options.sources, onError);
  const series = new ExportSeries();
  let rendered: { version: number; text: Promise<string> } | null = null;

  // Filling and serializing finish within one request's microtasks (no gauge collects asynchronously),
  // so two scrapes never interleave their fills.
  const render = (): Promise<string> => {
    if (rendered?.version !== feeds.version) {
      series.fill({ sample: feeds.sample, top: feeds.rows && topProcesses(feeds.rows, top) });
      const text = series.registry.metrics();
      rendered = { version: feeds.version, text };
      text.catch(() => (rendered = null));
    }
    return rendered.text;
  };

  const server = createServer((req, res) => {
    void answer(req, res, { token, port: () => (server.address() as AddressInfo).port, hasSample: () => feeds.sample !== null, render, contentType: series.registry.contentType }).catch(
      (error: unknown) => {
        onError(error);
        if (!res.headersSent) reply(res, 500, 'Triage could not render its metrics; the reason is in its log.\n');
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address.host, port: address.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    feeds.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'another program already listens there' : code === 'EADDRNOTAVAIL' ? 'no interface of this machine has that address' : code === 'EACCES' ? 'ports below 1024 need privileges' : (error as Error).message;
    throw new TriageError('IO_ERROR', `Cannot serve metrics on ${shown}: ${why}.`);
  }
  server.on('error', onError);
  const url = `http://${urlHost(address.host)}:${(server.address() as AddressInfo).port}/metrics`;
  if (!address.loopback) {
    options.onNotice?.(`serving metrics on ${url}, beyond loopback: every scrape must send the bearer token from ${options.tokenFile}.`);
  }
  return {
    /** Where `/metrics` answers (with the port the system chose when asked for 0). */
    url,
    close: (): Promise<void> =>
      new Promise<void>((resolve) => {
        feeds.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Answering {
  token: TokenDigest | null;
  port: () => number;
  hasSample: () => boolean;
  render: () => Promise<string>;
  contentType: string;
}

async function answer(req: IncomingMessage, res: ServerResponse, a: Answering): Promise<void> {
  if (a.token) {
    if (!bearerMatches(req.headers.authorization, a.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="triage metrics"');
      return reply(res, 401, 'This endpoint needs the bearer token (Authorization: Bearer TOKEN).\n');
    }
  } else if (!loopbackHost(req.headers.host, a.port())) {
    // Without a token, only a request addressed to loopback is answered: a web page that rebinds its own
    // name to 127.0.0.1 sends its own name as Host and gets nothing.
    return reply(res, 403, 'Without a token, Triage answers only requests addressed to 127.0.0.1, [::1] or localhost.\n');
  }
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/metrics') return reply(res, 404, 'Not found: Triage serves /metrics only.\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(res, 405, '/metrics answers GET only.\n');
  }
  if (!a.hasSample()) return reply(res, 503, 'Triage has not taken its first sample yet; the next scrape will have it.\n');
  const body = await a.render();
  res.writeHead(200, { 'Content-Type': a.contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** Host header naming loopback and this port exactly: 127.x.y.z:PORT, [::1]:PORT or localhost:PORT. */
export function loopbackHost(host: string | undefined, port: number): boolean {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(host ?? '');
  if (!match || Number(match[3]) !== port) return false;
  const name = (match[1] ?? match[2])!.toLowerCase();
  return name === 'localhost' || isLoopback(name);
}
