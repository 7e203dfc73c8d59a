import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ThresholdsReport } from '../../contract/findings-thresholds.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'triage-thresholds-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function thresholds(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), 'thresholds', ...args], {
    encoding: 'utf8',
    cwd: repo,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, TRIAGE_HISTORY: 'off' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('triage thresholds', () => {
  it('sets figures (durations in their usual forms), shows the default beside a change, and resets', () => {
    const set = thresholds('--set', 'cpu-hog.warn=50', '--set', 'cpu-hog.min=2m');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/cpu-hog {2}One process holds a core {2}\(changed\)/);
    expect(set.stdout).toMatch(/worth a look: 50 % of a core \(default 90 % of a core\)/);
    expect(set.stdout).toMatch(/must last: 2 min \(default 1 min\)/);
    const file = join(home, 'triage', 'findings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'cpu-hog': { warn: 50, minMs: 120_000 } });

    const listed = ThresholdsReport.parse(JSON.parse(thresholds('--json').stdout));
    expect(listed.rules.find((row) => row.rule === 'cpu-hog')?.effective).toMatchObject({ warn: 50, minMs: 120_000 });

    expect(thresholds('--reset', 'all').code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  });

  it('refuses what is wrong with one sentence and the right exit status, saving nothing', () => {
    const before = thresholds('--json').stdout;
    const wrongOrder = thresholds('--set', 'disk-full.serious=10');
    expect(wrongOrder.code).toBe(1);
    expect(wrongOrder.stderr).toMatch(/not saved: disk-full: serious \(10\) must be at least warn/);
    const noRule = thresholds('--set', 'nosuch.warn=1');
    expect(noRule.code).toBe(2);
    expect(noRule.stderr).toMatch(/"nosuch" is not a rule/);
    const badValue = thresholds('--set', 'cpu-hog.warn=lots');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/must be a number/);
    expect(thresholds('--json').stdout).toBe(before);
  });
});
