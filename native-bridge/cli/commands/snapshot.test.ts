import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../snapshot/snapshot-file.js';
import { progressLine } from '../../snapshot/progress.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const entry = join(repo, 'native-bridge/cli/entry.ts');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-cli-snapshot-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real CLI with its state folder in the test's temp dir. */
function triage(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: repo,
      env: { ...process.env, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('triage snapshot', () => {
  it('--duration 5s --out X writes a file that validates against the published schema', async () => {
    const out = join(dir, 'five.triage.json.gz');
    const r = await triage(['snapshot', '--duration', '5s', '--out', out, '--note', 'the app <froze>', '--html']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n${join(dir, 'five.html')}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(repo, 'docs/snapshot.schema.json'), 'utf8')));
    const json: unknown = JSON.parse(gunzipSync(readFileSync(out)).toString('utf8'));
    const checked = schema.safeParse(json);
    expect(checked.success, checked.success ? '' : checked.error.message).toBe(true);

    const { snapshot, problems } = await readSnapshotFile(out);
    expect(problems).toEqual([]);
    // About one sample a second for five seconds, on a busy machine at least a few.
    expect(snapshot.parts.metrics!.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.parts.processes!.rows.some((row) => row.name === 'node')).toBe(true);
    expect(snapshot.parts.processes!.topSeries!.length).toBeGreaterThan(0);
    expect(snapshot.parts.notes).toEqual({ actual: 'the app <froze>' });
    expect(snapshot.meta.redaction.secrets).toBe(true);
    expect(snapshot.meta.window.to - snapshot.meta.window.from).toBeGreaterThanOrEqual(5000);
    const html = readFileSync(join(dir, 'five.html'), 'utf8');
    expect(html).toContain('the app &lt;froze&gt;');
    expect(html).toContain('<polyline');
  });

  it('picks a file in the private state folder when --out is not given', async () => {
    const r = await triage(['snapshot', '--duration', '1s', '--no-redact']);
    expect(r.code).toBe(0);
    const path = r.stdout.trim();
    expect(path.startsWith(join(dir, 'state', 'triage', 'snapshots', 'triage-'))).toBe(true);
    expect(path.endsWith('.triage.json.gz')).toBe(true);
    expect(statSync(join(dir, 'state', 'triage', 'snapshots')).mode & 0o777).toBe(0o700);
    expect((await readSnapshotFile(path)).snapshot.meta.redaction.secrets).toBe(false);
  });

  it('refuses an existing file before sampling, leaving it alone', async () => {
    const out = join(dir, 'taken.gz');
    writeFileSync(out, 'precious');
    const r = await triage(['snapshot', '--duration', '30s', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`triage snapshot: A file already exists at ${out}; Triage does not overwrite files. Choose another name.\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('says when the folder cannot be written, and on bad options exits 2', async () => {
    const missing = await triage(['snapshot', '--duration', '1s', '--out', join(dir, 'no', 'such', 'x.gz')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/The folder .*no\/such does not exist\./);
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const notDir = await triage(['snapshot', '--duration', '1s', '--out', join(file, 'x.gz')]);
    // A wrong --out is a usage mistake: exit 2, like any bad option.
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toMatch(/a-file is not a folder\./);
    const bad = await triage(['snapshot', '--duration', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"soon" is not a duration/);
    const long = await triage(['snapshot', '--duration', '2h']);
    expect(long.code).toBe(2);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('draws a progress bar on a terminal only', async () => {
    const pty = await import('node-pty');
    const out = join(dir, 'tty.triage.json.gz');
    const output = await new Promise<{ text: string; code: number }>((resolve) => {
      const term = pty.spawn(process.execPath, ['--import', 'tsx', entry, 'snapshot', '--duration', '2s', '--out', out], {
        cwd: repo,
        env: { ...process.env, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') } as Record<string, string>,
        cols: 120,
        rows: 20,
      });
      let text = '';
      term.onData((data) => (text += data));
      term.onExit(({ exitCode }) => resolve({ text, code: exitCode }));
    });
    expect(output.code).toBe(0);
    expect(output.text).toContain('Sampling [');
    expect(output.text).toContain(progressLine(2000, 2000));
    expect(output.text).toContain(out);
  });

  it('progressLine fills in proportion and stays within bounds', () => {
    expect(progressLine(0, 10_000, 10)).toBe('Sampling [..........] 0s / 10s');
    expect(progressLine(5000, 10_000, 10)).toBe('Sampling [#####.....] 5s / 10s');
    expect(progressLine(60_000, 10_000, 10)).toBe('Sampling [##########] 10s / 10s');
  });
});
