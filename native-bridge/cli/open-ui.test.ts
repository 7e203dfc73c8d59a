import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../contract/index.js';
import type { Backend } from '../server/backend.js';
import { realBackend } from '../../test-support/real-backend.js';
import { rawRequest } from '../server/test-support/raw-http.js';
import { startWebServer, type WebServer } from '../server/web/server.js';
import { until } from '../../test-support/until.js';
import { browserNotice, hasDisplay, openUiInBrowser } from './open-ui.js';

let dir: string;
let server: WebServer;
let backend: Backend;
const notices: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-open-ui-'));
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Triage</title>');
  backend = realBackend();
  server = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: ui, onNotice: (m) => notices.push(m) });
});

afterAll(async () => {
  await server.close();
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in browser on PATH: a real process that records the argv every local user could read in /proc. */
function fakeBrowser(name: string): { bin: string; argvFile: string } {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const argvFile = join(bin, 'argv.txt');
  writeFileSync(join(bin, name), `#!/bin/sh\ntr '\\0' '\\n' < /proc/$$/cmdline > ${argvFile}.part && mv ${argvFile}.part ${argvFile}\n`);
  chmodSync(join(bin, name), 0o755);
  return { bin, argvFile };
}

const get = (port: number, path: string) => rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);

describe('opening the browser (issue 15: the token race on the browser command line)', () => {
  it.each(['chromium', 'xdg-open'])('%s: its argv names a private launcher file, never a token; the launcher redirects once', async (name) => {
    const { bin, argvFile } = fakeBrowser(name);
    const runtimeDir = mkdtempSync(join(dir, 'run-'));
    chmodSync(runtimeDir, 0o700);
    const opened = openUiInBrowser(server, { pathVar: bin, env: { XDG_RUNTIME_DIR: runtimeDir } });
    try {
      expect(opened.command).toBe(join(bin, name));
      await until(() => existsSync(argvFile), 'the stand-in browser to record its argv', 20_000);
      const argv = readFileSync(argvFile, 'utf8');
      const master = new URL(server.url).searchParams.get('token')!;
      expect(argv).not.toContain(master);
      expect(argv).not.toMatch(/token=/);
      expect(argv).toContain(`file://${opened.launcherPath}`);

      // Only this user can read the launcher: the file 0600, its folder 0700, under the private runtime dir.
      expect(dirname(dirname(opened.launcherPath))).toBe(runtimeDir);
      expect(statSync(opened.launcherPath).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(opened.launcherPath)).mode & 0o777).toBe(0o700);

      const html = readFileSync(opened.launcherPath, 'utf8');
      const url = new URL(/content="0;url=([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'));
      expect(url.searchParams.get('token')).not.toBe(master);
      const first = await get(server.port, `/${url.search}`);
      expect(first.status).toBe(302);
      expect(first.headers.get('set-cookie')?.[0]).not.toContain(master);
      const before = notices.length;
      const second = await get(server.port, `/${url.search}`);
      expect(second.status).toBe(401);
      expect(notices.slice(before)).toHaveLength(1);
    } finally {
      opened.remove();
    }
    expect(existsSync(opened.launcherPath)).toBe(false);
  }, 30_000);

  it('ignores an XDG_RUNTIME_DIR that others can read and uses a fresh private folder instead', async () => {
    const { bin, argvFile } = fakeBrowser('chromium');
    const open = mkdtempSync(join(dir, 'shared-'));
    chmodSync(open, 0o755);
    const opened = openUiInBrowser(server, { pathVar: bin, env: { XDG_RUNTIME_DIR: open } });
    try {
      expect(opened.launcherPath.startsWith(open)).toBe(false);
      expect(statSync(dirname(opened.launcherPath)).mode & 0o777).toBe(0o700);
      // The stand-in browser still writes into its folder: wait for it, or the cleanup races its last write.
      await until(() => existsSync(argvFile), 'the stand-in browser to finish', 20_000);
    } finally {
      opened.remove();
    }
  }, 30_000);
});

describe('what triage web says about the browser', () => {
  it('no display on Linux: no browser, and the reason', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDisplay('darwin', {})).toBe(true);
    expect(browserNotice(null, false)).toMatch(/^no display here .* open the URL above/);
  });

  it('names the browser it opened', () => {
    expect(browserNotice({ command: '/usr/bin/chromium' }, true)).toBe('opened the UI in chromium.');
  });
});
