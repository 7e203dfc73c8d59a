import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from './protocol.js';

describe('app:// protocol handler', () => {
  const base = mkdtempSync(join(tmpdir(), 'triage-app-'));
  const ui = join(base, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>T</title>');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(ui, 'link.js'));
  const handle = createAppProtocolHandler(ui);

  it('serves the UI with the CSP', async () => {
    const res = await handle(new Request('app://triage/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>T</title>');
  });

  it.each(['app://triage/%2e%2e/secret.txt', 'app://triage/link.js', 'app://other/index.html', 'app://triage/..%5csecret.txt'])(
    'refuses %s',
    async (url) => {
      const res = await handle(new Request(url));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('secret');
    },
  );
});
