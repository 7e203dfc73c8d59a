// @vitest-environment happy-dom
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { createSnapshotStore, notesOf } from './store.js';

let dir = '';
let connection: TestClient | undefined;
let store: ReturnType<typeof createSnapshotStore>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-snapshot-store-'));
  connection = connectTestClient({ configDir: join(dir, 'config'), stateDir: join(dir, 'state'), auditPath: join(dir, 'audit.jsonl') });
  const { client } = connection;
  store = createSnapshotStore(() => client);
});

afterAll(async () => {
  connection?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot store on the real backend', () => {
  it('previews, goes stale when the redaction changes, and only blank notes are left out', async () => {
    await store.getState().loadPreview();
    const { preview } = store.getState();
    expect(preview.error).toBeNull();
    expect(preview.result!.parts.find((p) => p.part === 'processes')!.present).toBe(true);
    expect(preview.result!.estimatedBytes).toBeGreaterThan(0);
    expect(store.getState().previewIsCurrent()).toBe(true);
    store.getState().setNote('tryingToDo', 'print');
    expect(store.getState().previewIsCurrent()).toBe(true);
    store.getState().setRedact('host', true);
    expect(store.getState().previewIsCurrent()).toBe(false);
    await store.getState().loadPreview();
    expect(store.getState().preview.result!.meta.host).toBe('«host»');
    store.getState().setRedact('host', false);
    expect(notesOf({ tryingToDo: 'print', steps: '  ', expected: '', actual: 'froze' })).toEqual({ tryingToDo: 'print', actual: 'froze' });
  });

  it('saves to the private folder by default, to a typed path otherwise, and never over an existing file', async () => {
    store.getState().setNote('actual', 'It froze <b>hard</b>');
    await store.getState().save();
    const saved = store.getState().saved;
    expect(saved.error).toBeNull();
    expect(saved.result!.path.startsWith(join(dir, 'state', 'snapshots') + '/')).toBe(true);
    expect(statSync(saved.result!.path).mode & 0o777).toBe(0o600);
    expect(statSync(saved.result!.path).size).toBe(saved.result!.bytes);

    const typed = join(dir, 'typed.triage.json.gz');
    store.getState().setPath(typed);
    await store.getState().save();
    expect(store.getState().saved.result!.path).toBe(typed);
    const before = readFileSync(typed);
    await store.getState().save();
    expect(store.getState().saved.phase).toBe('error');
    expect(store.getState().saved.error).toBe(`A file already exists at ${typed}; Triage does not overwrite files. Choose another name.`);
    expect(readFileSync(typed).equals(before)).toBe(true);

    store.getState().setPath('relative/name.gz');
    await store.getState().save();
    expect(store.getState().saved.error).toMatch(/full path starting with \//);
  });

  it('opens the saved file by path and as dropped bytes to the same snapshot, and writes its HTML report', async () => {
    const typed = join(dir, 'typed.triage.json.gz');
    expect(await store.getState().openPath(typed)).toBe(true);
    const byPath = store.getState().opened!;
    expect(byPath.source).toBe('path');
    expect(byPath.snapshot.parts.notes).toEqual({ tryingToDo: 'print', actual: 'It froze <b>hard</b>' });

    const bytes = readFileSync(typed);
    expect(await store.getState().openFile(new Blob([bytes]), 'typed.triage.json.gz')).toBe(true);
    const dropped = store.getState().opened!;
    expect(dropped.source).toBe('drop');
    expect(dropped.path).toBeNull();
    expect(dropped.bytes).toBe(bytes.length);
    expect(dropped.snapshot).toEqual(byPath.snapshot);

    await store.getState().writeHtml(typed);
    const html = store.getState().html;
    expect(html.error).toBeNull();
    expect(existsSync(html.result!.path)).toBe(true);
    expect(readFileSync(html.result!.path, 'utf8')).toContain('It froze &lt;b&gt;hard&lt;/b&gt;');
    await store.getState().writeHtml(typed);
    expect(store.getState().html.error).toMatch(/already exists/);
  });

  it('keeps the open snapshot when a bad file is opened, and says what is wrong with it', async () => {
    const before = store.getState().opened;
    expect(await store.getState().openPath(join(dir, 'nothing-here.gz'))).toBe(false);
    expect(store.getState().open.error).toBe(`There is no file at ${join(dir, 'nothing-here.gz')}.`);
    expect(await store.getState().openFile(new Blob(['{"format":"triage-snapshot","version":2}']), 'new.json')).toBe(false);
    expect(store.getState().open.error).toBe('new.json is not a Triage snapshot: it is plain JSON, and Triage snapshots are gzip-compressed.');
    expect(await store.getState().openPath('snap.gz')).toBe(false);
    expect(store.getState().opened).toBe(before);
    store.getState().close();
    expect(store.getState().opened).toBeNull();
  });
});
