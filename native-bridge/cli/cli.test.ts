import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SystemSample } from '../contract/system.js';

const repo = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };

function triage(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'native-bridge/cli/entry.ts'), ...args], {
    encoding: 'utf8',
    cwd: repo,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('triage CLI', () => {
  it('--version prints the package version', () => {
    const r = triage('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`triage ${pkg.version}\n`);
  });

  it('--help lists the commands on stdout and succeeds', () => {
    const r = triage('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: triage <command>/);
    expect(r.stdout).toMatch(/\bweb\b/);
    expect(r.stdout).toMatch(/\bsample\b/);
  });

  it('no command → usage on stderr, exit 2; unknown command → exit 2 with a sentence', () => {
    const none = triage();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage/);
    const bad = triage('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('sample --json prints one schema-valid sample whose memory total is /proc/meminfo', () => {
    const r = triage('sample', '--json');
    expect(r.code).toBe(0);
    const sample = SystemSample.parse(JSON.parse(r.stdout));
    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(sample.memory.totalBytes).toBe(memTotalKiB * 1024);
    expect(sample.source).toBe('procfs');
  });

  it('sample without --json prints a readable summary', () => {
    const r = triage('sample', '--interval', '300ms');
    expect(r.code).toBe(0);
    // The window CPU % was measured over is said: at least what was asked (loading never shortens it).
    const over = /^CPU\s+\d+\.\d% busy over (\d+) ms \(user/m.exec(r.stdout);
    expect(Number(over?.[1])).toBeGreaterThanOrEqual(300);
    expect(r.stdout).toMatch(/^Memory\s+/m);
  });

  it('bad options get one plain sentence and exit 2', () => {
    const r = triage('web', '--port', 'abc', '--no-open');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be a number/);
    const unknown = triage('sample', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'triage sample: "--bogus" is not an option of this command.\nUsage: triage sample [--json] [--interval TIME]\nRun "triage sample --help" for every option.\n',
    );
  });

  it('ps --limit -1: the option\'s own sentence, not Node\'s "--limit=-XYZ" advice', () => {
    const r = triage('ps', '--limit', '-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^triage ps: --limit must be a whole number from 1 to 100000, not "-1"\.\nUsage: triage ps /);
    expect(r.stderr).not.toMatch(/XYZ|ambiguous/);
    const missing = triage('ps', '--limit');
    expect(missing.stderr).toMatch(/^triage ps: --limit needs a value\.\n/);
    const valued = triage('ps', '--json=yes');
    expect(valued.stderr).toMatch(/^triage ps: --json takes no value\.\n/);
  });

  it('--interval is the window the rates cover: sample reports it, ps takes at least that long', () => {
    const sample = triage('sample', '--json', '--interval', '700ms');
    expect(sample.code).toBe(0);
    // The window runs from the baseline to the reading; loading the backend never shortens it.
    expect(SystemSample.parse(JSON.parse(sample.stdout)).intervalMs).toBeGreaterThanOrEqual(700);
    const byDefault = SystemSample.parse(JSON.parse(triage('sample', '--json').stdout));
    expect(byDefault.intervalMs).toBeGreaterThanOrEqual(100);

    const started = performance.now();
    const ps = triage('ps', '--json', '--interval', '1', '--limit', '1');
    expect(ps.code).toBe(0);
    expect(JSON.parse(ps.stdout).rows).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('a bad --interval gets its own sentence and exit 2, for ps and sample alike', () => {
    for (const name of ['ps', 'sample']) {
      expect(triage(name, '--interval', '50ms').stderr, name).toMatch(new RegExp(`^triage ${name}: --interval must be from 100ms to 60s, not "50ms"\\.\n`));
      expect(triage(name, '--interval', '2m').stderr, name).toMatch(/--interval must be from 100ms to 60s, not "2m"\./);
      const bad = triage(name, '--interval', 'soon');
      expect(bad.code, name).toBe(2);
      expect(bad.stderr, name).toMatch(new RegExp(`^triage ${name}: --interval must be a time such as 200ms or 1s, not "soon"\\.\nUsage: triage ${name} `));
    }
  });

  it('every command answers an unknown option with one sentence and its own usage line', () => {
    const help = triage('--help').stdout;
    const names = [...help.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(14);
    for (const name of names) {
      const r = triage(name, '--bogus');
      expect(r.code, name).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0], name).toBe(`triage ${name}: "--bogus" is not an option of this command.`);
      expect(lines[1], name).toMatch(new RegExp(`^Usage: triage ${name}\\b`));
      expect(lines.at(-1), name).toBe(`Run "triage ${name} --help" for every option.`);
      expect(r.stderr, name).not.toMatch(/after '--'|positional/);
    }
  }, 300_000);
});
