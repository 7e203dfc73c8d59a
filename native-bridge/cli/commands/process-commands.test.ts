import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, ProcessList } from '../../contract/processes.js';
import { until } from '../../../test-support/until.js';
import { buildMemhog, startHog } from '../../memory/test-support/memhog.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const entry = join(repo, 'native-bridge/cli/entry.ts');
let home: string;
const children: ChildProcess[] = [];

function env(): NodeJS.ProcessEnv {
  return { ...process.env, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') };
}

/** Runs the CLI with stdin from /dev/null: not a terminal, as in a script or a pipe. */
function triage(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    encoding: 'utf8',
    cwd: repo,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A `sleep` whose command line carries a marker no other process has (sleep adds up its arguments). */
function spawnSleeper(): { child: ChildProcess; pid: number; marker: string } {
  const marker = `0.${process.pid}${Math.floor(Math.random() * 1e9)}`;
  const child = spawn('sleep', ['1000', marker], { stdio: 'ignore' });
  children.push(child);
  return { child, pid: child.pid!, marker };
}

const statFields = (pid: number): string[] => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
};
const stateOf = (pid: number): string => statFields(pid)[0]!;
const niceOf = (pid: number): number => Number(statFields(pid)[16]);

function auditLines(): AuditEntry[] {
  const path = join(home, 'state', 'triage', 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => AuditEntry.parse(JSON.parse(l)));
}

let memhog: ReturnType<typeof buildMemhog> | undefined;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'triage-cli-proc-'));
  memhog = buildMemhog();
});

const MiB = 1024 * 1024;
const PAGE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

/** Every process's resident size from /proc/PID/statm (an independent look, not Triage's sampler). */
function residentNow(): Array<{ pid: number; rss: number }> {
  const out: Array<{ pid: number; rss: number }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push({ pid: Number(name), rss: Number(readFileSync(`/proc/${name}/statm`, 'latin1').split(' ')[1]) * PAGE });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

afterAll(() => {
  memhog?.dispose();
  rmSync(home, { recursive: true, force: true });
});

describe('triage ps', () => {
  it('--json --filter finds a spawned child by a marker in its command line', () => {
    const { pid, marker } = spawnSleeper();
    const r = triage('ps', '--json', '--filter', marker);
    expect(r.code).toBe(0);
    const list = ProcessList.parse(JSON.parse(r.stdout));
    // The only other match is the CLI itself (the marker is in its own command line).
    const others = list.rows.filter((row) => row.pid !== pid);
    expect(others.every((row) => row.cmdline.includes('entry.ts ps --json --filter'))).toBe(true);
    const row = list.rows.find((candidate) => candidate.pid === pid);
    expect(row?.cmdline).toBe(`sleep 1000 ${marker}`);
    expect(row?.ppid).toBe(process.pid);
    expect(row?.name).toBe('sleep');
  });

  it('--sort mem --limit 3 gives the three largest by RES; the text form has a header and the columns', async () => {
    // A process certainly among the three largest: 256 MiB more than the third largest now.
    const third = residentNow().map((p) => p.rss).sort((x, y) => y - x)[2] ?? 0;
    const mib = Math.min(4096, Math.ceil(third / MiB) + 256);
    const hog = await startHog(memhog!.binary, ['hold', String(mib)]);
    try {
      const json = triage('ps', '--json', '--sort', 'mem', '--limit', '3');
      expect(json.code).toBe(0);
      const rows = ProcessList.parse(JSON.parse(json.stdout)).rows;
      const scan = residentNow();
      expect(rows).toHaveLength(3);
      expect(rows.map((r) => r.pid)).toContain(hog.pid);
      expect(rows[0]!.rss).toBeGreaterThanOrEqual(rows[1]!.rss);
      expect(rows[1]!.rss).toBeGreaterThanOrEqual(rows[2]!.rss);
      // An independent look at /proc just after: nothing left out is larger than the smallest row, give or
      // take what other processes on this shared machine grew in between.
      const shown = new Set(rows.map((r) => r.pid));
      const largestLeftOut = Math.max(0, ...scan.filter((p) => !shown.has(p.pid)).map((p) => p.rss));
      expect(largestLeftOut).toBeLessThanOrEqual(rows[2]!.rss * 1.1 + 64 * MiB);
    } finally {
      await hog.stop();
    }

    const { pid, marker } = spawnSleeper();
    const text = triage('ps', '--filter', marker);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*PID\s+PPID\s+USER\s+S\s+NI\s+%CPU\s+RES\s+VIRT\s+TIME\s+COMMAND$/);
    const line = lines.find((l) => l.trimStart().startsWith(`${pid} `));
    expect(line).toMatch(new RegExp(`^\\s*${pid}\\s+${process.pid}\\s+\\S+\\s+S\\s+0\\s.*sleep 1000 ${marker.replace('.', '\\.')}$`));
  });

  it('bad options get a sentence and exit 2', () => {
    for (const args of [['--sort', 'bogus'], ['--limit', '0'], ['--limit', 'many'], ['extra']]) {
      const r = triage('ps', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      // One sentence, then ps's own usage line.
      expect(r.stderr, args.join(' ')).toMatch(/^triage ps: .+\.\nUsage: triage ps \[--json\].*\nRun "triage ps --help" for every option\.\n$/);
    }
  });
});

describe('triage signal and renice', () => {
  it('signal STOP --yes stops a real child (state T in /proc), CONT runs it again, each audited once', async () => {
    const { pid, marker } = spawnSleeper();
    const before = auditLines().length;
    const stop = triage('signal', 'STOP', String(pid), '--yes');
    expect(stop.stderr).toBe('');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(`ok: Stopped sleep (pid ${pid}) (STOP); continue it to let it run again.\n`);
    await until(() => stateOf(pid) === 'T', 'state T');

    const cont = triage('signal', 'sigcont', String(pid), '-y');
    expect(cont.code).toBe(0);
    await until(() => stateOf(pid) === 'S', 'state S again');

    const added = auditLines().slice(before);
    expect(added.map((e) => [e.action, e.params.signal, e.target.pid, e.result.ok])).toEqual([
      ['signal', 'STOP', pid, true],
      ['signal', 'CONT', pid, true],
    ]);
    expect(added[0]!.target.cmdline).toBe(`sleep 1000 ${marker}`);
    expect(added[0]!.target.startTime).toBe(Number(statFields(pid)[19]));
  });

  it('signal by number: 9 kills the child', async () => {
    const { child, pid } = spawnSleeper();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const r = triage('signal', '9', String(pid), '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Killed sleep/);
    expect(await exited).toBe('SIGKILL');
  });

  it('renice --yes sets the nice value read back from /proc, negative values included', () => {
    const { pid } = spawnSleeper();
    const r = triage('renice', String(pid), '10', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ok: Set the nice value of sleep (pid ${pid}) to 10 (was 0).\n`);
    expect(niceOf(pid)).toBe(10);
    // Root here: raising the priority is allowed (an unprivileged user gets EPERM and the command to run).
    if (process.getuid?.() === 0) {
      expect(triage('renice', String(pid), '-3', '--yes').code).toBe(0);
      expect(niceOf(pid)).toBe(-3);
    }
    const entries = auditLines().filter((e) => e.target.pid === pid);
    expect(entries[0]!.action).toBe('renice');
    expect(entries[0]!.params).toEqual({ nice: 10 });
  });

  it('without --yes and with no terminal on stdin: refused with a sentence, nothing changed, nothing sent', () => {
    const { pid } = spawnSleeper();
    const before = auditLines().length;
    const signal = triage('signal', 'STOP', String(pid));
    expect(signal.code).toBe(1);
    expect(signal.stderr).toMatch(/stdin is not a terminal; add --yes/);
    const renice = triage('renice', String(pid), '12');
    expect(renice.code).toBe(1);
    expect(renice.stderr).toMatch(/stdin is not a terminal; add --yes/);
    expect(stateOf(pid)).toBe('S');
    expect(niceOf(pid)).toBe(0);
    expect(auditLines().length).toBe(before);
  });

  it('bad pids, signals and nice values: exit 2 with a sentence, before anything is sent', () => {
    const { pid } = spawnSleeper();
    const cases: Array<[string[], RegExp]> = [
      [['signal', 'TERM', 'abc', '--yes'], /"abc" is not a process id/],
      [['signal', 'TERM', '0', '--yes'], /"0" is not a process id/],
      [['signal', 'TERM', '-1', '--yes'], /"-1" is not a process id/],
      [['signal', 'TERM', '4194305', '--yes'], /"4194305" is not a process id/],
      [['signal', 'TERM', '12.5', '--yes'], /"12.5" is not a process id/],
      [['signal', 'BOGUS', String(pid), '--yes'], /"BOGUS" is not a signal Triage sends/],
      [['signal', 'TERM'], /Give the process id/],
      [['renice', String(pid), '20', '--yes'], /"20" is not a nice value/],
      [['renice', String(pid), '-21', '--yes'], /"-21" is not a nice value/],
      [['renice', 'x', '5', '--yes'], /"x" is not a process id/],
    ];
    for (const [args, sentence] of cases) {
      const r = triage(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(sentence);
    }
    expect(stateOf(pid)).toBe('S');
    expect(niceOf(pid)).toBe(0);
  });

  it('a pid nobody has: exit 1 with "no process"', () => {
    // A child that has exited and been reaped: its pid is free (pids are handed out in order, so it is not
    // reused until the counter wraps around pid_max). Works whatever pid_max is.
    const gone = spawnSync('/bin/true');
    expect(gone.status).toBe(0);
    const pid = gone.pid;
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    const r = triage('signal', 'TERM', String(pid), '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(`There is no process ${pid}`);
  });
});

describe('triage signal on a terminal', () => {
  it('names the process and acts only on "y"', async () => {
    const pty = await import('node-pty');
    const { pid, marker } = spawnSleeper();
    const ask = (answer: string) =>
      new Promise<{ output: string; code: number }>((resolve) => {
        const term = pty.spawn(process.execPath, ['--import', 'tsx', entry, 'signal', 'STOP', String(pid)], {
          cwd: repo,
          env: env() as Record<string, string>,
          cols: 200,
          rows: 30,
        });
        let output = '';
        let answered = false;
        term.onData((data) => {
          output += data;
          if (!answered && output.includes('Proceed? [y/N]')) {
            answered = true;
            term.write(`${answer}\r`);
          }
        });
        term.onExit(({ exitCode }) => resolve({ output, code: exitCode }));
      });

    const no = await ask('n');
    expect(no.output).toContain(`Send STOP to sleep (pid ${pid}, user root): sleep 1000 ${marker}`);
    expect(no.output).toContain('Cancelled; nothing was done.');
    expect(no.code).toBe(1);
    expect(stateOf(pid)).toBe('S');

    const yes = await ask('y');
    expect(yes.code).toBe(0);
    expect(yes.output).toContain(`Stopped sleep (pid ${pid})`);
    await until(() => stateOf(pid) === 'T', 'state T');
  });

  it('the refusal for init names the real flag, --force, and nothing is done', () => {
    const r = triage('signal', 'CONT', '1', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/system's init process/);
    expect(r.stderr).toMatch(/--force on the command line/);
    expect(r.stderr).not.toMatch(/choose "force"/);
  });

  it('stack on a live process without symbols: no advice about a core or a disassembly it does not show', () => {
    const { pid } = spawnSleeper();
    const r = triage('stack', String(pid));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Live backtrace of process ${pid} \\(sleep\\) at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$`, 'm'));
    expect(r.stdout).not.toMatch(/[Dd]isassembly|open the core/);
  });
});
