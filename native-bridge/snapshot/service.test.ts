import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../contract/index.js';
import { snapshotContract } from '../contract/snapshot.js';
import { StartInput } from '../contract/trace.js';
import { compileFixture, crashForCore } from '../core/test-support/crash-programs.js';
import { createInProcessClient } from '../server/transports/in-process.js';
import { callEveryEndpoint, outcomes } from '../server/test-support/every-endpoint.js';
import { captureSnapshot } from './capture.js';
import { CoreAnalysisLog, recordCoreOpens } from './core-log.js';
import { REDACTED } from './redact-rules.js';
import { createSnapshotService } from './service.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';
import { realBackend, type TestBackend } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';

const SECRET = 'hunter2-s3cr3t';
let dir = '';
let backend: TestBackend;
let impl: TestBackend['implementation'];
let child: ChildProcess;
let traceId = '';
const cores = new CoreAnalysisLog();
let unsubscribeMetrics: () => void = () => undefined;

beforeAll(async () => {
  backend = realBackend({ mode: 'cli', prefix: 'triage-snapshot-svc-' });
  dir = backend.configDir;
  impl = recordCoreOpens(backend.implementation, cores);
  unsubscribeMetrics = impl['system.metrics']({}, { next: () => undefined, fail: () => undefined });

  // A process with a password on its command line, pinned, reniced (audited).
  child = spawn('python3', ['-c', 'import time; time.sleep(600)', `--password=${SECRET}`, 'mode=fast'], { stdio: 'ignore' });
  const pid = child.pid!;
  const row = await until(async () => (await impl['processes.list']({ sort: 'pid', filter: String(pid) })).rows.find((r) => r.pid === pid), 'the child in the process list');
  await impl['memory.pin']({ pid });
  const renice = await impl['processes.act']({ pid, startTime: row.startTime, action: { kind: 'renice', nice: 5 } });
  expect(renice.ok).toBe(true);

  // A finished trace with a failure, and an opened core dump.
  const info = await impl['trace.start'](StartInput.parse({ mode: 'launch', command: '/bin/ls', args: [join(dir, 'no-such-folder')] }));
  traceId = info.id;
  await until(async () => (await impl['trace.list']({})).find((s) => s.id === traceId && s.state === 'ended'), 'the trace to end');
  const exe = await compileFixture('crash-parse', dir);
  const core = await crashForCore(exe, dir);
  await impl['core.open']({ path: core.corePath });

  await until(async () => backend.metrics.history().length >= 3, '3 metrics samples');
}, 180_000);

afterAll(async () => {
  unsubscribeMetrics();
  child?.kill('SIGKILL');
  if (traceId) await impl['trace.discard']({ id: traceId }).catch(() => undefined);
  backend?.close();
});

describe('captureSnapshot on a real backend', () => {
  it('captures every part, redacts the secret, and round-trips through a file unchanged', async () => {
    const notes = { tryingToDo: 'reproduce the freeze', actual: 'it froze' };
    const { snapshot, redaction } = await captureSnapshot(impl, { windowMs: 15 * 60_000, notes, cores });
    expect(Object.keys(snapshot.parts).sort()).toEqual(['audit', 'changes', 'cores', 'findings', 'inventory', 'memory', 'metrics', 'notes', 'processes', 'traces']);
    expect(snapshot.meta.problems).toBeUndefined();
    // The findings had watched for at least doctor's 2 s, and the window's changes hold the renice.
    expect(snapshot.parts.findings!.observedMs).toBeGreaterThanOrEqual(2000);
    expect(snapshot.parts.findings!.checks.map((c) => c.rule)).toContain('cpu-saturated');
    expect(snapshot.parts.changes!.events.some((e) => e.kind === 'triage-action' && e.title.includes(String(child.pid)))).toBe(true);
    expect(snapshot.parts.metrics!.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.parts.memory!.pins.some((p) => p.pid === child.pid)).toBe(true);
    expect(snapshot.parts.audit!.some((a) => a.target.pid === child.pid && a.action === 'renice')).toBe(true);
    expect(snapshot.parts.traces!.find((t) => t.session.id === traceId)?.analysis.failures.some((f) => f.errno === 'ENOENT')).toBe(true);
    expect(snapshot.parts.cores![0]!.analysis.signal?.name).toBe('SIGSEGV');
    expect(snapshot.parts.processes!.topSeries?.some((s) => s.reason === 'pinned' && s.pid === child.pid)).toBe(true);
    expect(snapshot.parts.notes).toEqual(notes);

    const row = snapshot.parts.processes!.rows.find((r) => r.pid === child.pid)!;
    expect(row.cmdline).toContain(`--password=${REDACTED}`);
    expect(row.cmdline).toContain('mode=fast');
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    expect(redaction.hits.some((h) => h.rule === 'secret-flag' && /^parts\.processes\.rows\[\d+\]\.cmdline$/.test(h.path))).toBe(true);
    expect(snapshot.meta.redaction.counts['secret-flag']).toBeGreaterThanOrEqual(1);

    const path = join(dir, 'round-trip.triage.json.gz');
    await writeSnapshotFile(path, snapshot);
    const read = await readSnapshotFile(path);
    expect(read.problems).toEqual([]);
    expect(read.snapshot.meta).toEqual(snapshot.meta);
    for (const part of Object.keys(snapshot.parts) as Array<keyof typeof snapshot.parts>) {
      expect(read.snapshot.parts[part], part).toEqual(snapshot.parts[part]);
    }
  });

  it('works the same through a client on a transport', async () => {
    const { client, close } = createInProcessClient(contract, impl);
    try {
      const { snapshot } = await captureSnapshot(client, { windowMs: 60_000 });
      expect(snapshot.parts.metrics!.length).toBeGreaterThan(0);
      expect(snapshot.parts.processes!.rows.length).toBeGreaterThan(5);
      expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    } finally {
      close();
    }
  });

  it('leaves the secret in with redaction off, and hides host and users when asked', async () => {
    const off = await captureSnapshot(impl, { windowMs: 60_000, redact: { secrets: false } });
    expect(off.snapshot.parts.processes!.rows.find((r) => r.pid === child.pid)!.cmdline).toContain(SECRET);
    expect(off.snapshot.meta.redaction.total).toBe(0);
    const hidden = await captureSnapshot(impl, { windowMs: 60_000, redact: { host: true } });
    expect(hidden.snapshot.meta.host).toBe('«host»');
    expect(hidden.snapshot.parts.inventory!.hostname).toBe('«host»');
  });
});

describe('createSnapshotService', () => {
  const service = () => createSnapshotService(impl, { stateDir: join(dir, 'state'), metricsHistory: () => backend.metrics.history(), cores });

  it('answers every endpoint through a transport: preview, export to a path, open it, and its HTML report', async () => {
    const path = join(dir, 'through-transport.triage.json.gz');
    // Called in the contract's order, so the file export writes is there for open and html.
    const answers = await callEveryEndpoint(snapshotContract, service(), {
      'snapshot.preview': { windowMs: 60_000 },
      'snapshot.export': { windowMs: 60_000, path },
      'snapshot.open': { path },
      'snapshot.html': { path },
    });
    expect(outcomes(answers)).toEqual({ 'snapshot.preview': 'ok', 'snapshot.export': 'ok', 'snapshot.open': 'ok', 'snapshot.html': 'ok' });
    expect(answers['snapshot.export']).toMatchObject({ value: { path, bytes: statSync(path).size } });
    expect(gunzipSync(readFileSync(path)).toString()).not.toContain(SECRET);
    const opened = answers['snapshot.open'].ok ? (answers['snapshot.open'].value as { snapshot: { parts: { processes?: { rows: Array<{ pid: number }> } } } }) : null;
    expect(opened?.snapshot.parts.processes?.rows.some((r) => r.pid === child.pid)).toBe(true);
    const html = answers['snapshot.html'].ok ? (answers['snapshot.html'].value as { path: string; bytes: number }) : null;
    expect(html?.path).toBe(path.replace(/\.triage\.json\.gz$/, '.html'));
    expect(statSync(html!.path).size).toBe(html!.bytes);
  });

  it('previews what is inside and what will be redacted, writing nothing', async () => {
    const preview = snapshotContract['snapshot.preview'].output.parse(
      await service()['snapshot.preview'](snapshotContract['snapshot.preview'].input.parse({ windowMs: 300_000 })),
    );
    expect(preview.parts.find((p) => p.part === 'metrics')).toMatchObject({ present: true });
    expect(preview.parts.find((p) => p.part === 'cores')).toMatchObject({ present: true, items: 1 });
    const hit = preview.redaction.hits.find((h) => h.path.startsWith('parts.processes.rows') && h.excerpt.includes('--password='));
    expect(hit?.excerpt).toContain(`--password=${REDACTED}`);
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    expect(preview.estimatedBytes).toBeGreaterThan(100);
    expect(() => statSync(join(dir, 'state', 'snapshots'))).toThrow();
  });

  it('two exports in the same second get two files, neither overwritten', async () => {
    const s = service();
    const input = snapshotContract['snapshot.export'].input.parse({ windowMs: 60_000 });
    const [a, b] = await Promise.all([s['snapshot.export'](input), s['snapshot.export'](input)]);
    expect(a.path).not.toBe(b.path);
    expect(statSync(a.path).size).toBe(a.bytes);
    expect(statSync(b.path).size).toBe(b.bytes);
  });

  it('exports to a private folder it picks, opens it, and writes the HTML report next to it', async () => {
    const s = service();
    const exported = snapshotContract['snapshot.export'].output.parse(
      await s['snapshot.export'](snapshotContract['snapshot.export'].input.parse({ windowMs: 300_000, notes: { actual: 'slow' } })),
    );
    expect(dirname(exported.path)).toBe(join(dir, 'state', 'snapshots'));
    expect(exported.path).toMatch(/\/triage-[A-Za-z0-9._-]+-\d{8}-\d{6}(-\d+)?\.triage\.json\.gz$/);
    expect(statSync(dirname(exported.path)).mode & 0o777).toBe(0o700);
    expect(statSync(exported.path).mode & 0o777).toBe(0o600);
    expect(statSync(exported.path).size).toBe(exported.bytes);
    expect(gunzipSync(readFileSync(exported.path)).toString()).not.toContain(SECRET);
    expect(exported.redaction.counts['secret-flag']).toBeGreaterThanOrEqual(1);

    const opened = snapshotContract['snapshot.open'].output.parse(await s['snapshot.open']({ path: exported.path }));
    expect(opened.problems).toEqual([]);
    expect(opened.snapshot.parts.notes).toEqual({ actual: 'slow' });
    expect(opened.snapshot.parts.cores?.length).toBe(1);

    const html = await s['snapshot.html']({ path: exported.path });
    expect(html.path).toBe(exported.path.replace(/\.triage\.json\.gz$/, '.html'));
    expect(readFileSync(html.path, 'utf8')).toContain('<polyline');

    const live = await s['snapshot.html'](snapshotContract['snapshot.html'].input.parse({ windowMs: 60_000 }));
    expect(live.path).toMatch(/\.html$/);
    expect(readFileSync(live.path, 'utf8')).not.toContain(SECRET);
  });

  it('exports to a path from the save dialog and refuses to overwrite it', async () => {
    const s = service();
    const path = join(dir, 'chosen.triage.json.gz');
    const input = snapshotContract['snapshot.export'].input.parse({ windowMs: 60_000, path });
    expect((await s['snapshot.export'](input)).path).toBe(path);
    await expect(s['snapshot.export'](input)).rejects.toThrow(/already exists .* does not overwrite/);
  });

  it('rejects relative paths and bad windows at the contract', () => {
    expect(snapshotContract['snapshot.open'].input.safeParse({ path: 'x.gz' }).success).toBe(false);
    expect(snapshotContract['snapshot.export'].input.safeParse({ windowMs: 10, path: null }).success).toBe(false);
    expect(snapshotContract['snapshot.export'].input.safeParse({ windowMs: 60_000, path: '/tmp/a\0b' }).success).toBe(false);
  });
});
