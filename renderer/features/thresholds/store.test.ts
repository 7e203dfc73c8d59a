import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTestClient } from '../../../test-support/real-backend.js';
import { createThresholdsStore } from './store.js';

describe('thresholds store against the real backend', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function open(files: Record<string, string> = {}) {
    const { client, configDir, close } = connectTestClient({ mode: 'web', prefix: 'triage-thresholds-ui-', files });
    cleanups.push(close);
    const store = createThresholdsStore(() => client);
    return { store, client, file: join(configDir, 'findings.json') };
  }

  it('saves edits in one confirmed call, then shows the new values and what changed', async () => {
    const { store, client, file } = open();
    await store.getState().load();
    store.getState().edit('cpu-hog', 'warn', '40');
    store.getState().edit('cpu-hog', 'minMs', '2');
    expect(existsSync(file)).toBe(false);
    store.getState().requestSave();
    // Nothing is sent before the confirmation.
    expect(existsSync(file)).toBe(false);
    expect(store.getState().confirming?.pending.map((p) => `${p.from} → ${p.to}`)).toEqual(['90 % of a core → 40 % of a core', '1 min → 2 s']);
    await store.getState().confirmSave();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'cpu-hog': { warn: 40, minMs: 2000 } });
    const { report, drafts, saved, saveError } = store.getState();
    expect(saveError).toBeNull();
    expect(drafts).toEqual({});
    expect(report?.rules.find((r) => r.rule === 'cpu-hog')?.effective).toMatchObject({ warn: 40, minMs: 2000 });
    expect(saved?.changes).toHaveLength(2);
    const { entries } = await client.call('processes.audit', {});
    expect(entries.some((e) => e.action === 'save-thresholds' && e.result.ok)).toBe(true);
  });

  it('puts each backend refusal by its field, saves nothing and keeps what was typed', async () => {
    const { store, file } = open({ 'findings.json': JSON.stringify({ zombies: { warn: 5 } }) });
    const before = readFileSync(file, 'utf8');
    await store.getState().load();
    store.getState().edit('disk-full', 'warn', '95');
    store.getState().edit('disk-full', 'serious', '80');
    store.getState().edit('zombies', 'minMs', '900000');
    store.getState().requestSave();
    await store.getState().confirmSave();
    const { fieldProblems, saveError, drafts, report } = store.getState();
    expect(fieldProblems['disk-full.serious']).toMatch(/^disk-full: serious \(80\) must be at least warn \(95\)/);
    expect(fieldProblems['zombies.minMs']).toMatch(/minMs must be whole milliseconds from 0 to 86400000/);
    expect(saveError).toMatch(/Nothing was saved/);
    expect(drafts['disk-full']?.figures).toEqual({ warn: '95', serious: '80' });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(report?.rules.find((r) => r.rule === 'zombies')?.effective.warn).toBe(5);
    // Raising warn above the serious level in effect: the reason goes by warn, the figure the user changed.
    store.getState().discard();
    store.getState().edit('disk-full', 'warn', '99');
    store.getState().requestSave();
    await store.getState().confirmSave();
    expect(store.getState().fieldProblems).toEqual({ 'disk-full.warn': expect.stringMatching(/serious \(97\) must be at least warn \(99\)/) });
    store.getState().edit('zombies', 'minMs', '900000');
    store.getState().requestSave();
    await store.getState().confirmSave();
    // Editing the refused rule clears its old sentences, not the other rule's.
    store.getState().edit('disk-full', 'serious', '99');
    expect(store.getState().fieldProblems['disk-full.warn']).toBeUndefined();
    expect(store.getState().fieldProblems['zombies.minMs']).toBeDefined();
  });

  it('resets all changed rules to their defaults, and says when there is nothing to save', async () => {
    const { store, file } = open({ 'findings.json': JSON.stringify({ zombies: { warn: 5 }, 'cpu-hog': { minMs: 1000 } }) });
    await store.getState().load();
    store.getState().requestSave();
    expect(store.getState().confirming).toBeNull();
    expect(store.getState().saveError).toMatch(/Nothing to save/);
    store.getState().resetAll();
    store.getState().requestSave();
    expect(store.getState().confirming?.changes).toEqual({ zombies: { reset: true }, 'cpu-hog': { reset: true } });
    await store.getState().confirmSave();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    for (const row of store.getState().report?.rules ?? []) expect(row.effective).toEqual(row.defaults);
  });

  it('refuses typing that is not a number before anything is sent', async () => {
    const { store, file } = open();
    await store.getState().load();
    store.getState().edit('zombies', 'warn', 'many');
    store.getState().requestSave();
    expect(store.getState().confirming).toBeNull();
    expect(store.getState().fieldProblems['zombies.warn']).toMatch(/"many" is not a number/);
    expect(existsSync(file)).toBe(false);
  });
});
