import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../../contract/snapshot.js';
import { recordWindow, type RecordedWindow } from '../../snapshot/test-support/recorded-window.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'triage-snapshot-past-cli-'));
const env = { ...process.env, TRIAGE_HISTORY: '', XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') };

/** The real CLI as a child; asynchronous, so the recorder in this process keeps writing meanwhile. */
function triage(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'snapshot', ...args], { cwd: repo, env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

let rec: RecordedWindow;
beforeAll(async () => {
  mkdirSync(join(home, 'state', 'triage'), { recursive: true });
  rec = await recordWindow({ stateDir: join(home, 'state', 'triage') });
}, 120_000);
afterAll(() => {
  rec?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('triage snapshot --from … --to …', () => {
  it('writes the recorded window as a valid snapshot, the sleeping child in its frames and no password', async () => {
    const out = join(home, 'past.triage.json.gz');
    const to = Date.now();
    const run = await triage(['--from', iso(rec.startedAt), '--to', iso(to), '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${out}\n`);
    const raw = gunzipSync(readFileSync(out)).toString('utf8');
    expect(raw).not.toContain('hunter2');
    const parsed = Snapshot.safeParse(JSON.parse(raw));
    expect(parsed.success).toBe(true);
    const history = parsed.data!.parts.history!;
    expect(parsed.data!.version).toBe(2);
    expect(history.frames.list.some((f) => f.rows.some((r) => r.pid === rec.sleepPid))).toBe(true);
    expect(history.series.series.some((s) => s.key === 'cpu.busy')).toBe(true);
  }, 90_000);

  it('answers each bad window with its sentence and exit status', async () => {
    const future = Date.now() + 86_400_000;
    const [backwards, toAlone, ahead, before, nothing] = await Promise.all([
      triage(['--from', '10m', '--to', '20m']),
      triage(['--to', '10m']),
      triage(['--from', iso(future), '--to', iso(future + 600_000)]),
      triage(['--from', iso(rec.startedAt - 7_200_000), '--to', iso(rec.startedAt - 3_600_000)]),
      triage(['--from', '10m'], { XDG_STATE_HOME: join(home, 'empty-state') }),
    ]);
    expect(backwards.stderr).toMatch(/^triage snapshot: --to must come after --from \(20m is not after 10m\)\.\n/);
    expect(backwards.code).toBe(2);
    expect(toAlone.stderr).toMatch(/^triage snapshot: --to needs --from: give the start of the recorded window too\.\n/);
    expect(toAlone.code).toBe(2);
    expect(ahead.stderr).toMatch(/^triage snapshot: The window starts at .*, which is still to come: the history holds only the past\.\n/);
    expect(ahead.code).toBe(2);
    expect(before.stderr).toMatch(/^triage snapshot: Nothing was recorded between .* and .*; recording was off \(recording had not started yet\)\.\n$/);
    expect(before.code).toBe(1);
    // --from alone runs to now; here no database exists at all.
    expect(nothing.stderr).toMatch(/^triage snapshot: Nothing has been recorded on this machine yet: there is no history database at .*empty-state\/triage\/history\.db\./);
    expect(nothing.code).toBe(1);
  }, 120_000);
});
