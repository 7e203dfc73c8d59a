import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../contract/index.js';
import { createBackend } from '../server/backend.js';
import { createSystemCollector } from '../platform/system-collector.js';
import { createInProcessClient } from '../server/transports/in-process.js';
import { PreferenceStore } from './preferences.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-prefs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('PreferenceStore', () => {
  it('keeps a choice across instances (a restart) and forgets it on null', () => {
    const dir = tempDir();
    new PreferenceStore(dir).set('triage.theme', 'dark');
    const reopened = new PreferenceStore(dir);
    expect(reopened.all()).toEqual({ 'triage.theme': 'dark' });
    reopened.set('triage.theme', null);
    expect(new PreferenceStore(dir).all()).toEqual({});
  });

  it('keeps the valid entries of a damaged file and ignores unknown keys', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'preferences.json'), JSON.stringify({ 'triage.theme': 'light', 'triage.core.folders': 42, evil: 'x' }));
    expect(new PreferenceStore(dir).all()).toEqual({ 'triage.theme': 'light' });
    writeFileSync(join(dir, 'preferences.json'), '{not json');
    expect(new PreferenceStore(dir).all()).toEqual({});
  });

  it('writes a private file and, when it cannot write, throws and keeps the old value', () => {
    const dir = tempDir();
    const store = new PreferenceStore(dir);
    store.set('triage.theme', 'dark');
    expect(readFileSync(join(dir, 'preferences.json'), 'utf8')).toContain('"triage.theme": "dark"');
    // A file where the config directory should be: mkdir and the write fail even as root.
    const blocked = join(tempDir(), 'not-a-dir');
    writeFileSync(blocked, '');
    chmodSync(blocked, 0o400);
    const broken = new PreferenceStore(join(blocked, 'triage'));
    expect(() => broken.set('triage.theme', 'dark')).toThrow();
    expect(broken.all()).toEqual({});
  });
});

describe('preferences over the contract', () => {
  it('round-trips through a real backend and refuses unknown keys and oversized values', async () => {
    const configDir = tempDir();
    const backend = createBackend({ mode: 'cli', system: createSystemCollector(), configDir, stateDir: configDir, auditPath: join(configDir, 'audit.jsonl') });
    const { client, close } = createInProcessClient(contract, backend.implementation);
    try {
      const view = JSON.stringify({ version: 1, sort: { column: 'rss', desc: true } });
      await expect(client.call('preferences.set', { key: 'triage.processes.view', value: view })).resolves.toEqual({ 'triage.processes.view': view });
      await expect(client.call('preferences.get', {})).resolves.toEqual({ 'triage.processes.view': view });
      // @ts-expect-error an unknown key must be refused at the boundary, not stored
      await expect(client.call('preferences.set', { key: '__proto__', value: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(client.call('preferences.set', { key: 'triage.theme', value: 'x'.repeat(20_000) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(new PreferenceStore(configDir).all()).toEqual({ 'triage.processes.view': view });
    } finally {
      close();
      backend.close();
    }
  });
});
