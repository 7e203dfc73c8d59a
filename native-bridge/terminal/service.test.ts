import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { terminalContract, TerminalOutputMessage } from '../contract/terminal.js';
import { findTool } from '../core/tools.js';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../core/test-support/crash-programs.js';
import { createTerminalService, type TerminalService } from './service.js';
import { until } from '../../test-support/until.js';
import { callEveryEndpoint, outcomes } from '../server/test-support/every-endpoint.js';
import { prepareGdbOnCore } from '../core/gdb-on-core.js';

let dir: string | undefined;
let tempRoot: string;
let exe: string;
let produced: ProducedCore;
let service: TerminalService;
const gdb = findTool('gdb')!;

beforeAll(async () => {
  dir = await makeTempDir('triage-terminal-test-');
  exe = await compileFixture('crash-parse', dir);
  produced = await crashForCore(exe, dir);
});

// Each test gets its own gdb folder root and service, so one failure cannot leave terminals or folders that
// fail the next tests too.
beforeEach(async () => {
  tempRoot = await mkdtemp(join(dir!, 'work-'));
  service = createTerminalService({ prepareGdbOnCore: (path, exe) => prepareGdbOnCore(path, exe, { tempRoot }), maxTerminals: 2 });
});

afterEach(async () => {
  await service.disposeAll();
});

afterAll(async () => {
  await removeDir(dir);
});

/** Opens through the contract's own input schema, as the dispatcher does. */
function open(input: unknown) {
  return service['terminal.openGdbOnCore'](terminalContract['terminal.openGdbOnCore'].input.parse(input));
}

/** Everything the terminal prints, acknowledged the way the view does. */
function watch(id: string) {
  const seen = { text: '', exit: null as null | { code: number | null; signal: string | null }, failed: null as unknown };
  const off = service['terminal.output']({ id }, {
    next(message) {
      const m = TerminalOutputMessage.parse(message);
      if (m.kind === 'data') {
        seen.text += m.data;
        void service['terminal.ackOutput']({ id, chars: m.data.length }).catch(() => undefined);
      } else seen.exit = { code: m.code, signal: m.signal };
    },
    fail(error) {
      seen.failed = error;
    },
  });
  return { seen, off };
}

async function rejection(p: Promise<unknown>): Promise<TriageError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriageError);
  return error as TriageError;
}

describe('terminal.openGdbOnCore', () => {
  it('answers every endpoint through a transport: a missing core and an unknown terminal are refused with a sentence', async () => {
    expect(terminalContract['terminal.openGdbOnCore'].mutates).toBe(true);
    const id = '00000000-0000-0000-0000-000000000000';
    const answers = await callEveryEndpoint(terminalContract, service, {
      'terminal.openGdbOnCore': { path: join(dir!, 'no-such-core') },
      'terminal.output': { id },
      'terminal.input': { id, data: 'bt\n' },
      'terminal.resize': { id, cols: 80, rows: 24 },
      'terminal.ackOutput': { id, chars: 1 },
      'terminal.close': { id },
    });
    expect(outcomes(answers)).toEqual({
      'terminal.openGdbOnCore': 'NOT_FOUND',
      'terminal.output': 'NOT_FOUND',
      'terminal.input': 'NOT_FOUND',
      'terminal.resize': 'NOT_FOUND',
      'terminal.ackOutput': 'NOT_FOUND',
      'terminal.close': 'NOT_FOUND',
    });
    for (const [name, a] of Object.entries(answers)) if (!a.ok) expect(a.message, name).toMatch(/^[A-Z].{15,}[.)]$/);
    // Nothing was started for any of them.
    expect(readdirSync(tempRoot)).toHaveLength(0);
  });

  it('runs gdb on a real core: bt names parse_config, quit ends it with an exit message, and its folder goes', async () => {
    const opened = await open({ path: produced.corePath, cols: 120, rows: 40 });
    // Built by the backend: the found program, the checked core (held open, read through /proc), and the protections.
    expect(opened.argv.slice(0, 8)).toEqual([gdb, '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--']);
    expect(opened.argv[8]).toBe(exe);
    expect(opened.argv[9]).toMatch(new RegExp(`^/proc/${process.pid}/fd/\\d+$`));
    expect(opened.argv).toHaveLength(10);
    expect(readdirSync(tempRoot)).toHaveLength(1);

    const { seen, off } = watch(opened.id);
    await until(() => seen.text.includes('(gdb)'), 'the gdb prompt');
    expect(seen.text).toMatch(/SIGSEGV|Segmentation fault/);
    await service['terminal.resize']({ id: opened.id, cols: 100, rows: 30 });
    // gdb prints a frame in pieces (address and function, then the source location), so wait for the prompt
    // that follows the whole backtrace before judging it.
    const afterBt = seen.text.length;
    await service['terminal.input']({ id: opened.id, data: 'bt\n' });
    await until(() => /#\d+\s+.*parse_config[\s\S]*\(gdb\)/.test(seen.text.slice(afterBt)), 'a whole backtrace with parse_config');
    expect(seen.text.slice(afterBt)).toContain('crash-parse.c');
    // The protections hold inside the session: nothing auto-loads, and gdb works in its private folder.
    await service['terminal.input']({ id: opened.id, data: 'show auto-load local-gdbinit\npwd\n' });
    await until(() => /Working directory .*triage-gdb-/.test(seen.text), 'pwd');
    expect(seen.text).toMatch(/Auto-loading of \.gdbinit script from current directory is off/);
    expect(seen.text).toContain(tempRoot);

    await service['terminal.input']({ id: opened.id, data: 'quit\n' });
    await until(() => seen.exit !== null, 'the exit message');
    expect(seen.exit).toEqual({ code: 0, signal: null });
    await until(() => readdirSync(tempRoot).length === 0, 'the private folder to be removed');
    // Typing into an ended gdb is a plain sentence, not a crash.
    const error = await rejection(service['terminal.input']({ id: opened.id, data: 'bt\n' }));
    expect(error.message).toMatch(/gdb has ended/);

    // A late viewer still gets the scrollback and the exit.
    const late = watch(opened.id);
    expect(late.seen.text).toContain('parse_config');
    expect(late.seen.exit).toEqual({ code: 0, signal: null });
    late.off();
    off();
    await service['terminal.close']({ id: opened.id });
    expect((await rejection(service['terminal.close']({ id: opened.id }))).code).toBe('NOT_FOUND');
    const gone = watch(opened.id);
    expect((gone.seen.failed as TriageError).code).toBe('NOT_FOUND');
  });

  it('the cap refuses a third watched gdb, an unwatched one gives way, and close ends a running gdb', async () => {
    const a = await open({ path: produced.corePath, exe });
    const b = await open({ path: produced.corePath });
    // Each holds its own descriptor of the checked core.
    expect(a.argv[9]).not.toBe(b.argv[9]);
    const watchA = watch(a.id);
    const watchB = watch(b.id);
    const error = await rejection(open({ path: produced.corePath }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/at most 2/);

    // A page that went away leaves its terminal unwatched: that one makes room, the watched one stays.
    watchB.off();
    const c = await open({ path: produced.corePath });
    await until(() => readdirSync(tempRoot).length === 2, 'the unwatched gdb to be closed and its folder removed');
    expect((await rejection(service['terminal.input']({ id: b.id, data: 'bt\n' }))).code).toBe('NOT_FOUND');
    await service['terminal.input']({ id: a.id, data: 'info inferiors\n' });
    await until(() => watchA.seen.text.includes('(core)'), 'the watched gdb to answer');

    await service['terminal.close']({ id: a.id });
    await until(() => watchA.seen.exit !== null, 'the exit message after close');
    expect(watchA.seen.exit?.signal ?? watchA.seen.exit?.code).not.toBeNull();
    watchA.off();
    await service['terminal.close']({ id: c.id });
    await until(() => readdirSync(tempRoot).length === 0, 'every private folder to be removed');
  });

  it('refuses a text file, a symlink and a program as the core, with plain sentences', async () => {
    const text = join(dir!, 'notes.txt');
    writeFileSync(text, 'not a core dump\n');
    const textError = await rejection(open({ path: text }));
    expect(textError.code).toBe('INVALID_INPUT');
    expect(textError.message).toBe(`${text} is not a core dump: it is a text file.`);

    const link = join(dir!, 'core-link');
    symlinkSync(produced.corePath, link);
    const linkError = await rejection(open({ path: link }));
    expect(linkError.message).toMatch(/is a symbolic link/);

    const programError = await rejection(open({ path: exe }));
    expect(programError.message).toMatch(/not a core dump/);

    expect((await rejection(open({ path: 'relative/core' }))).message).toMatch(/must be absolute/);
    expect((await rejection(open({ path: join(dir!, 'missing-core') }))).code).toBe('NOT_FOUND');
    // Nothing was started and nothing is left behind.
    expect(readdirSync(tempRoot)).toHaveLength(0);
  });

  it('takes no command from the client: extra fields are refused by the contract', () => {
    const input = terminalContract['terminal.openGdbOnCore'].input;
    expect(input.safeParse({ path: produced.corePath, args: ['-ex', 'shell id'] }).success).toBe(false);
    expect(input.safeParse({ path: produced.corePath, gdb: '/bin/sh' }).success).toBe(false);
    expect(input.safeParse({ path: produced.corePath, cwd: '/' }).success).toBe(false);
    expect(input.safeParse(JSON.parse(`{"path": ${JSON.stringify(produced.corePath)}, "__proto__": {"polluted": 1}}`)).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(terminalContract['terminal.input'].input.safeParse({ id: 'x', data: 'bt\n' }).success).toBe(false);
  });

  it('disposeAll ends every terminal', async () => {
    const own = createTerminalService({ prepareGdbOnCore: (path, exe) => prepareGdbOnCore(path, exe, { tempRoot }) });
    const opened = await own['terminal.openGdbOnCore']({ path: produced.corePath, cols: 80, rows: 24 });
    const pidDir = readdirSync(tempRoot);
    expect(pidDir).toHaveLength(1);
    await own.disposeAll();
    expect(existsSync(join(tempRoot, pidDir[0]!))).toBe(false);
    await expect(own['terminal.input']({ id: opened.id, data: 'bt\n' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(own['terminal.openGdbOnCore']({ path: produced.corePath, cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'REFUSED' });
  });
});
