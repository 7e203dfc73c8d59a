import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../contract/processes.js';
import { autostartPaths, realAutostartEnv } from '../history/autostart.js';
import { connectTestClient, type TestClient } from '../../test-support/real-backend.js';
import { perTestTempDir } from '../../test-support/temp-dir.js';
import { waitFor } from '../../test-support/until.js';

const tempDir = perTestTempDir('triage-recording-');
const opened: TestClient[] = [];
afterEach(() => {
  for (const client of opened.splice(0).reverse()) client.close();
});

const repo = join(import.meta.dirname, '..', '..');

/** A real backend whose "Record always…" writes into this test's own XDG config home (no user systemd: a runtime dir without it). */
function open(configDir?: string, record?: boolean): TestClient & { configHome: string } {
  const home = tempDir();
  const configHome = join(home, 'config');
  mkdirSync(join(home, 'run'));
  const autostart = realAutostartEnv({ XDG_CONFIG_HOME: configHome, XDG_RUNTIME_DIR: join(home, 'run') });
  const client = connectTestClient({ mode: 'web', prefix: 'triage-recording-', autostart, ...(configDir ? { configDir } : {}), ...(record ? { record } : {}) });
  opened.push(client);
  return { ...client, configHome };
}

interface Answer {
  status: number;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive): a closed port must refuse, not hang up a reused socket.
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The exporter answers 503 until the backend's first sample is in: wait for a real series. */
const scrape = (url: string, headers: Record<string, string> = {}) =>
  waitFor(async () => {
    const answer = await get(url, headers);
    return answer.status === 200 && answer.body.includes('triage_cpu') ? answer : answer.status === 503 ? null : answer;
  }, `a scrape of ${url}`);

async function lastAudit(client: TestClient, action: AuditEntry['action']): Promise<AuditEntry> {
  const { entries } = await client.client.call('processes.audit', {});
  const found = entries.filter((entry) => entry.action === action).at(-1);
  expect(found, `an audit entry for ${action}`).toBeDefined();
  return found!;
}

describe('recording status and "Record always…"', () => {
  it('plans the XDG autostart entry, writes it into XDG_CONFIG_HOME, reports it, removes it, and audits both', async () => {
    // Tests turn recording off (TRIAGE_HISTORY=off) unless asked: this one records, as the app does.
    const t = open(undefined, true);
    const paths = autostartPaths(t.configHome);
    const before = await t.client.call('recording.status', {});
    expect(before.history.recording).toBe(true);
    expect(before.history.recorder).toEqual({ pid: process.pid, self: true });
    expect(before.autostart.installed).toBeNull();
    expect(before.autostart.refused).toBeNull();
    expect(before.autostart.plan).toMatchObject({
      kind: 'xdg-autostart',
      path: paths.desktop,
      argv: [process.execPath, join(repo, 'bin', 'triage.js'), 'record'],
      runsAs: { uid: process.getuid!() },
    });
    expect(before.autostart.plan?.effect).toMatch(/^No user systemd runs here: writes the autostart entry /);

    const installed = await t.client.call('recording.installAutostart', {});
    expect(installed.lines[0]).toBe(`No user systemd runs here: wrote the autostart entry ${paths.desktop} instead.`);
    // What was shown before confirming is exactly what was written.
    expect(readFileSync(paths.desktop, 'utf8')).toBe(before.autostart.plan?.content);
    expect(installed.status.autostart.installed).toEqual({ kind: 'xdg-autostart', path: paths.desktop });
    expect(await lastAudit(t, 'install-autostart')).toMatchObject({ params: { path: paths.desktop, command: before.autostart.plan?.argv.join(' ') }, result: { ok: true } });

    const removed = await t.client.call('recording.uninstallAutostart', {});
    expect(removed.lines).toEqual([`Removed the autostart entry ${paths.desktop}.`]);
    expect(existsSync(paths.desktop)).toBe(false);
    expect(removed.status.autostart.installed).toBeNull();
    expect((await lastAudit(t, 'uninstall-autostart')).result.ok).toBe(true);
  });
});

describe('the metrics exporter as a setting', () => {
  it('turned on at 127.0.0.1:0 serves /metrics with Triage series; turned off, the port is closed; both audited and saved', async () => {
    const t = open();
    const on = await t.client.call('recording.setExporter', { on: true, address: '127.0.0.1:0' });
    expect(on).toMatchObject({ on: true, address: '127.0.0.1:0', tokenFile: null, problem: null, available: true });
    expect(on.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const answer = await scrape(on.url!);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^triage_cpu_\w+ /m);
    expect(JSON.parse(readFileSync(join(t.configDir, 'settings.json'), 'utf8')).metricsExport).toEqual({ address: '127.0.0.1:0' });
    expect(await lastAudit(t, 'set-metrics-exporter')).toMatchObject({ params: { on: true, address: '127.0.0.1:0', url: on.url! }, result: { ok: true } });
    expect((await t.client.call('recording.status', {})).exporter.url).toBe(on.url);

    const off = await t.client.call('recording.setExporter', { on: false });
    expect(off).toMatchObject({ on: false, url: null });
    await expect(get(on.url!)).rejects.toThrow(/ECONNREFUSED/);
    expect(JSON.parse(readFileSync(join(t.configDir, 'settings.json'), 'utf8')).metricsExport).toBeNull();
    expect((await lastAudit(t, 'set-metrics-exporter')).params).toEqual({ on: false });
  });

  it('starts again with the next backend from the saved setting, and stops when that backend closes', async () => {
    const first = open();
    await first.client.call('recording.setExporter', { on: true, address: '127.0.0.1:0' });
    const configDir = first.configDir;
    // Keep the dir: the first backend's close() would remove a dir it made, so the second one is opened on it first.
    const second = open(configDir);
    const resumed = await waitFor(async () => {
      const state = (await second.client.call('recording.status', {})).exporter;
      return state.on || state.problem ? state : null;
    }, 'the saved exporter to start');
    expect(resumed.problem).toBeNull();
    expect((await scrape(resumed.url!)).status).toBe(200);
    second.backend.close();
    await waitFor(() => get(resumed.url!).then(() => false, (error: Error) => /ECONNREFUSED/.test(error.message)), 'the port to close with the backend');
  });

  it('refuses beyond loopback without a token file, a relative token file and a host name, each in a sentence, and audits the refusal', async () => {
    const t = open();
    await expect(t.client.call('recording.setExporter', { on: true, address: '0.0.0.0:0' })).rejects.toThrow(
      /Serving metrics on 0\.0\.0\.0:0 lets other machines read this one's process names; Triage does that only with a bearer token: give a token file \(its absolute path\)/,
    );
    expect(await lastAudit(t, 'set-metrics-exporter')).toMatchObject({ params: { on: true, address: '0.0.0.0:0' }, result: { ok: false, code: 'INVALID_INPUT' } });
    await expect(t.client.call('recording.setExporter', { on: true, address: '0.0.0.0:0', tokenFile: 'token.txt' })).rejects.toThrow(
      /Give the token file as an absolute path, starting with \//,
    );
    await expect(t.client.call('recording.setExporter', { on: true, address: 'example.com:9720' })).rejects.toThrow(/Give the address as HOST:PORT with an IP address/);
    expect((await t.client.call('recording.status', {})).exporter.on).toBe(false);
  });

  it('beyond loopback with a private token file: a scrape without the token gets 401, with it the series; the token is never shown', async () => {
    const t = open();
    const token = 'c0rrect-horse-battery-staple-42';
    const file = join(tempDir(), 'token');
    writeFileSync(file, `${token}\n`);
    chmodSync(file, 0o600);
    const on = await t.client.call('recording.setExporter', { on: true, address: '0.0.0.0:0', tokenFile: file });
    expect(on.tokenFile).toBe(file);
    const local = on.url!.replace('0.0.0.0', '127.0.0.1');
    expect((await get(local)).status).toBe(401);
    expect((await scrape(local, { Authorization: `Bearer ${token}` })).status).toBe(200);
    const status = await t.client.call('recording.status', {});
    const audit = await t.client.call('processes.audit', {});
    expect(JSON.stringify(status)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(readFileSync(join(t.configDir, 'settings.json'), 'utf8')).not.toContain(token);
  });

  it('keeps the exporter serving when a move to a taken port fails, and says why', async () => {
    const t = open();
    const on = await t.client.call('recording.setExporter', { on: true, address: '127.0.0.1:0' });
    const taken = new URL(on.url!).port;
    const other = open();
    await expect(other.client.call('recording.setExporter', { on: true, address: `127.0.0.1:${taken}` })).rejects.toThrow(
      new RegExp(`Cannot serve metrics on 127\\.0\\.0\\.1:${taken}: another program already listens there\\.`),
    );
    expect((await other.client.call('recording.status', {})).exporter.on).toBe(false);
    expect((await scrape(on.url!)).status).toBe(200);
  });
});
