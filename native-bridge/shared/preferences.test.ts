import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../test-support/temp-dir.js';
import { connectTestClient } from '../../test-support/real-backend.js';
import { PreferenceStore } from './preferences.js';

const tempDir = perTestTempDir('triage-prefs-');

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
    const { client, configDir, close } = connectTestClient({ mode: 'cli', prefix: 'triage-prefs-' });
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
    }
  });
});
