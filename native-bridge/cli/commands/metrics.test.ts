import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..', '..');
const entry = join(repo, 'native-bridge/cli/entry.ts');
const PROMETHEUS = '/usr/bin/prometheus';
const home = mkdtempSync(join(tmpdir(), 'triage-metrics-cli-'));
const env = { ...process.env, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home };

function metricsSync(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, 'metrics', ...args], { encoding: 'utf8', cwd: repo, timeout: 60_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

/** SIGTERM, then SIGKILL if it has not exited within 10 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${deadlineMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `triage <args>` (metrics, or record --metrics) and returns the URL it prints once it listens. */
async function serveMetrics(args: string[]): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await until('triage metrics to print its URL', 30_000, () => {
    if (child.exitCode !== null) throw new Error(`triage metrics exited with ${child.exitCode}: ${out}`);
    return /^Triage metrics: (\S+)$/m.exec(out)?.[1] ?? null;
  });
  return { url, output: () => out };
}

describe('triage metrics', () => {
  it('a bad address, a missing token file beyond loopback or a bad --top is a usage error (2) with a sentence', () => {
    const bare = metricsSync('--listen', '9720');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^triage metrics: "9720" has no port: give HOST:PORT, for example 127\.0\.0\.1:9720 or \[::1\]:9720\.\nUsage: triage metrics/);
    const open = metricsSync('--listen', '0.0.0.0:9720');
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/only with a bearer token: give --token-file FILE/);
    expect(metricsSync('--top', '500').stderr).toMatch(/whole number from 1 to 50, not "500"/);
  });

  it('Prometheus (the real one) scrapes triage record --metrics twice and stores MemTotal exactly as /proc/meminfo says', async (ctx) => {
    if (!existsSync(PROMETHEUS)) {
      const sentence = `${PROMETHEUS} is missing, so Triage's OpenMetrics cannot be checked against a real Prometheus: install it with "apt-get install prometheus" (.ci/run does).`;
      if (process.env.CI) throw new Error(sentence);
      return ctx.skip(sentence);
    }
    const dir = mkdtempSync(join(tmpdir(), 'triage-prometheus-'));
    // The README's scrape config, bearer token included, only faster.
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'a-token-of-thirty-two-characters\n');
    chmodSync(tokenFile, 0o600);
    // The recorder serves the metrics from the feeds it records (the fleet's way: one headless process).
    const { url } = await serveMetrics(['record', '--metrics', '127.0.0.1:0', '--metrics-token-file', tokenFile]);
    const target = new URL(url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: triage\n    authorization:\n      credentials_file: ${tokenFile}\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    mkdirSync(join(dir, 'data'));
    const port = await freePort();
    const prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(prometheus);
    let log = '';
    prometheus.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const query = async (promql: string): Promise<string | null> => {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited with ${prometheus.exitCode}: ${log}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
        const json = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
        return json.data?.result?.[0]?.value[1] ?? null;
      } catch {
        return null; // not listening yet
      }
    };
    // Two successful scrapes: two samples of the series in Prometheus's own storage.
    await until('two scrapes', 60_000, async () => {
      const count = await query('count_over_time(triage_memory_total_bytes[5m])');
      return count !== null && Number(count) >= 2 ? count : null;
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message} Prometheus said: ${log || '(nothing)'}`);
    });
    const memTotal = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    expect(Number(await query('triage_memory_total_bytes{job="triage"}'))).toBe(memTotal);
    expect(await query('up{job="triage"}')).toBe('1');
  });
});
