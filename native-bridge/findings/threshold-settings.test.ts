import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTestClient, type TestClient } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) {
    try {
      clean();
    } catch {
      // best effort: a child that already exited, a mount already gone
    }
  }
});

function open(files: Record<string, string> = {}, configDir?: string): TestClient {
  const opened = connectTestClient({ mode: 'web', prefix: 'triage-thresholds-', files, ...(configDir ? { configDir } : {}) });
  cleanups.push(() => opened.close());
  return opened;
}

function burner(): ChildProcess {
  const proc = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  cleanups.push(() => proc.kill('SIGKILL'));
  return proc;
}

describe('findings thresholds as a setting', () => {
  it('lists every rule with its meaning, default and effective value, and no override on a fresh machine', async () => {
    const { client, configDir } = open();
    const report = await client.call('findings.thresholds', {});
    expect(report.file).toBe(join(configDir, 'findings.json'));
    expect(report.problems).toEqual([]);
    const hog = report.rules.find((row) => row.rule === 'cpu-hog');
    expect(hog?.measure).toMatch(/core/);
    expect(hog?.override).toEqual({});
    expect(hog?.effective).toEqual(hog?.defaults);
    expect(report.rules.length).toBeGreaterThan(15);
  });

  it('saves a change to a private file, audits it, and the running engine judges a real burner with it at once', async () => {
    const { client, configDir } = open();
    const child = burner();
    // cpu-hog's default minimum (60 s) dates the condition back by the process's own CPU time: a burner a few
    // seconds old is not a finding yet. Check that first, so the change below is what makes it one.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const before = await client.call('findings.current', {});
    expect(before.findings.some((f) => f.rule === 'cpu-hog' && f.culprits.some((c) => c.pid === child.pid))).toBe(false);

    const saved = await client.call('findings.setThresholds', { changes: { 'cpu-hog': { warn: 10, minMs: 2000 } } });
    expect(saved.rules.find((row) => row.rule === 'cpu-hog')?.effective).toMatchObject({ warn: 10, minMs: 2000 });
    const file = join(configDir, 'findings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'cpu-hog': { warn: 10, minMs: 2000 } });
    const { entries } = await client.call('processes.audit', {});
    expect(entries.some((entry) => entry.action === 'save-thresholds' && entry.result.ok)).toBe(true);

    await until(async () => {
      const now = await client.call('findings.current', {});
      return now.findings.some((f) => f.rule === 'cpu-hog' && f.culprits.some((c) => c.pid === child.pid));
    }, 'the burner named under the new threshold', 45_000);

    // Back to the defaults: the override leaves the file, the effective value is the default again.
    const reset = await client.call('findings.setThresholds', { changes: { 'cpu-hog': { reset: true } } });
    const row = reset.rules.find((r) => r.rule === 'cpu-hog');
    expect(row?.override).toEqual({});
    expect(row?.effective).toEqual(row?.defaults);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  }, 90_000);

  it('refuses a change in the wrong order or out of range as a whole, and writes nothing', async () => {
    const { client, configDir } = open({ 'findings.json': JSON.stringify({ 'zombies': { warn: 5 } }) });
    const file = join(configDir, 'findings.json');
    const before = readFileSync(file, 'utf8');
    // disk-full: higher is worse, so serious below warn is nonsense; a minimum longer than a day too.
    await expect(
      client.call('findings.setThresholds', { changes: { 'disk-full': { warn: 95, serious: 80 }, 'zombies': { minMs: 10 * 86_400_000 } } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/disk-full/) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    const report = await client.call('findings.thresholds', {});
    expect(report.rules.find((row) => row.rule === 'zombies')?.effective.warn).toBe(5);
    const { entries } = await client.call('processes.audit', {});
    expect(entries.some((entry) => entry.action === 'save-thresholds' && !entry.result.ok)).toBe(true);
  });

  it('reads a hostile findings.json without following links, blocking or crashing, and says what was wrong', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'triage-thresholds-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'target.json'), JSON.stringify({ 'cpu-hog': { warn: 1 } }));

    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      ['a symlink', (dir) => symlinkSync(join(outside, 'target.json'), join(dir, 'findings.json')), /link/i],
      ['a FIFO', (dir) => void spawnSync('mkfifo', [join(dir, 'findings.json')]), /regular file|not a file|FIFO|pipe/i],
      ['garbage', (dir) => writeFileSync(join(dir, 'findings.json'), '{"cpu-hog": {warn: '), /JSON/i],
      ['an oversized file', (dir) => writeFileSync(join(dir, 'findings.json'), `{"pad": "${'x'.repeat(200_000)}"}`), /more than the 65536/],
      ['a wrong type for one rule', (dir) => writeFileSync(join(dir, 'findings.json'), JSON.stringify({ 'cpu-hog': { warn: 'high' }, 'zombies': { warn: 7 } })), /cpu-hog/],
    ];
    for (const [name, plant, problem] of cases) {
      const dir = mkdtempSync(join(tmpdir(), 'triage-thresholds-hostile-'));
      plant(dir);
      const { client } = open({}, dir);
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const report = await client.call('findings.thresholds', {});
      expect(report.problems.join(' '), name).toMatch(problem);
      expect(report.problems.join(' '), name).toContain(join(dir, 'findings.json'));
      const hog = report.rules.find((row) => row.rule === 'cpu-hog');
      expect(hog?.effective, name).toEqual(hog?.defaults);
      if (name === 'a wrong type for one rule') {
        // Only the damaged rule falls back; a good entry beside it is used.
        expect(report.rules.find((row) => row.rule === 'zombies')?.effective.warn).toBe(7);
      }
    }
    // The link's target was never read as thresholds nor written through.
    expect(JSON.parse(readFileSync(join(outside, 'target.json'), 'utf8'))).toEqual({ 'cpu-hog': { warn: 1 } });
  }, 60_000);

  it('moves an unusable file aside when saving, naming both paths', async () => {
    const { client, configDir } = open({ 'findings.json': 'not json at all' });
    const saved = await client.call('findings.setThresholds', { changes: { 'zombies': { warn: 6 } } });
    const aside = readdirSync(configDir).find((name) => name.startsWith('findings.json.damaged-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(configDir, aside!), 'utf8')).toBe('not json at all');
    expect(saved.problems.join(' ')).toContain(join(configDir, aside!));
    expect(JSON.parse(readFileSync(join(configDir, 'findings.json'), 'utf8'))).toEqual({ 'zombies': { warn: 6 } });
  });

  it('on a full disk says the thresholds were not saved, keeps the old file and the thresholds in use', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-thresholds-full-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    if (mounted.status !== 0) {
      context.skip(`a tmpfs cannot be mounted here (${mounted.stderr.toString().trim()}): the full-disk case needs one`);
      return;
    }
    cleanups.push(() => spawnSync('umount', ['-l', dir]));
    mkdirSync(join(dir, 'config'));
    const configDir = join(dir, 'config');
    writeFileSync(join(configDir, 'findings.json'), JSON.stringify({ 'zombies': { warn: 5 } }));
    const { client } = open({}, configDir);
    // Fill the rest of the filesystem so the new file cannot be written.
    spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=4k', 'count=1000']);
    await expect(client.call('findings.setThresholds', { changes: { 'zombies': { warn: 9 }, 'cpu-hog': { warn: 50 } } })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringMatching(/could not save.*Nothing was changed/),
    });
    expect(JSON.parse(readFileSync(join(configDir, 'findings.json'), 'utf8'))).toEqual({ 'zombies': { warn: 5 } });
    const report = await client.call('findings.thresholds', {});
    expect(report.rules.find((row) => row.rule === 'zombies')?.effective.warn).toBe(5);
    expect(readdirSync(configDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
