import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../../../native-bridge/contract/index.js';
import { connectTestClient } from '../../../test-support/real-backend.js';
import { compileFixture, crashForCore, makeTempDir, removeDir, type ProducedCore } from '../../../native-bridge/core/test-support/crash-programs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageClient } from '../../client/index.js';
import { createCoreStore } from './store.js';
import { until } from '../../../test-support/until.js';
import { ipcHarness } from '../../../electron/test-support/ipc-harness.js';

// A real backend behind the in-process transport, and real crashes made by the core backend's own helpers.
interface RealBackend {
  client: TriageClient;
  /** The same backend as the desktop app reaches it: preload API, contextBridge copy, IPC bridge. */
  ipcClient: TriageClient;
  close(): void;
}

function openRealBackend(): RealBackend {
  const { backend, client, close } = connectTestClient({ mode: 'cli', prefix: 'triage-core-ui-' });
  const ipc = ipcHarness(contract, backend.implementation);
  return {
    client,
    ipcClient: ipc.client,
    close() {
      ipc.close();
      close();
    },
  };
}

interface CrashScene {
  dir: string;
  exe: string;
  core: ProducedCore;
  /** A text file, to be offered as a core. */
  textFile: string;
  remove(): Promise<void>;
}

/** crash-parse built with -g in a temp dir, crashed for real: main → parse_config → strlen(NULL). */
async function makeCrashScene(): Promise<CrashScene> {
  const dir = await makeTempDir('triage-core-ui-');
  const exe = await compileFixture('crash-parse', dir);
  const core = await crashForCore(exe, dir);
  const textFile = join(dir, 'notes.txt');
  writeFileSync(textFile, 'these are notes, not a core dump\n');
  return { dir, exe, core, textFile, remove: () => removeDir(dir) };
}

/** Whether the kernel writes cores into the crashing program's own folder here (core_pattern "core"...). */
function kernelWritesCoresToCwd(): boolean {
  const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  return !pattern.startsWith('|') && !pattern.includes('/');
}

let backend: RealBackend;
let scene: CrashScene;

beforeAll(async () => {
  backend = openRealBackend();
  scene = await makeCrashScene();
});

afterAll(async () => {
  backend?.close();
  await scene?.remove();
});

function realStore() {
  return createCoreStore({ clientOf: () => backend.client, storage: null });
}

/** A store whose every backend call fails the test: proves a check happened before any request. */
function storeThatMustNotCall() {
  return createCoreStore({
    clientOf: () => {
      throw new Error('the backend must not be asked');
    },
    storage: null,
  });
}

describe('core store: opening a core', () => {
  it('goes loading → ready with the real analysis, then reads registers and libraries for the same core', async () => {
    const store = realStore();
    const opening = store.getState().openCore(`  ${scene.core.corePath} `);
    expect(store.getState().analysis.phase).toBe('loading');
    expect(store.getState().ref).toEqual({ kind: 'core', path: scene.core.corePath, exe: null });
    await opening;

    const { analysis } = store.getState();
    expect(analysis.phase).toBe('ready');
    expect(analysis.error).toBeNull();
    const data = analysis.data!;
    expect(data.kind).toBe('core');
    if (data.kind !== 'core') return;
    expect(data.signal?.name).toBe('SIGSEGV');
    expect(data.threads.find((t) => t.id === data.crashedThreadId)!.frames.map((f) => f.function)).toContain('parse_config');

    await store.getState().loadRegisters();
    expect(store.getState().registers.phase).toBe('ready');
    expect(store.getState().registers.data!.registers.map((r) => r.name)).toContain('rip');
    await store.getState().loadLibraries();
    expect(store.getState().libraries.data!.libraries.some((l) => /libc\.so/.test(l.path))).toBe(true);

    // Opening another core forgets what was read about the previous one.
    const again = store.getState().openCore(scene.core.corePath, scene.exe);
    expect(store.getState().registers.phase).toBe('idle');
    expect(store.getState().libraries.data).toBeNull();
    await again;
    expect(store.getState().ref).toEqual({ kind: 'core', path: scene.core.corePath, exe: scene.exe });
    expect(store.getState().analysis.phase).toBe('ready');
  });

  it('a text file offered as a core ends in the backend\'s plain sentence', async () => {
    const store = realStore();
    await store.getState().openCore(scene.textFile);
    const { analysis } = store.getState();
    expect(analysis.phase).toBe('error');
    expect(analysis.data).toBeNull();
    expect(analysis.error).toBe(`${scene.textFile} is not a core dump: it is a text file.`);
  });

  it('an empty path is refused before asking the backend', async () => {
    const store = storeThatMustNotCall();
    await store.getState().openCore('   ');
    expect(store.getState().analysis).toMatchObject({ phase: 'error', error: expect.stringMatching(/full path of a core file/) });
    expect(store.getState().ref).toBeNull();
  });

  it('the newest request wins: a slower answer to an older request is never shown', async () => {
    const store = realStore();
    // The real core takes gdb seconds; the text file is refused at once. The core's answer must be dropped.
    const slow = store.getState().openCore(scene.core.corePath);
    const fast = store.getState().openCore(scene.textFile);
    await Promise.all([slow, fast]);
    expect(store.getState().analysis.phase).toBe('error');
    expect(store.getState().analysis.data).toBeNull();
    expect(store.getState().ref).toMatchObject({ path: scene.textFile });

    // Closing while a request runs: its answer does not bring the panel back.
    const late = store.getState().openCore(scene.core.corePath);
    store.getState().closeAnalysis();
    await late;
    expect(store.getState().analysis.phase).toBe('idle');
    expect(store.getState().ref).toBeNull();
  });
});

describe('core store: crash list', () => {
  it('lists the produced core from a folder the user added', async () => {
    const store = realStore();
    store.getState().addFolder(join(scene.core.corePath, '..'));
    await store.getState().loadCrashes();
    const { crashes } = store.getState();
    expect(crashes.phase).toBe('ready');
    const entry = crashes.data!.crashes.find((c) => c.path === scene.core.corePath);
    expect(entry).toMatchObject({ pid: scene.core.pid, signalName: 'SIGSEGV', openable: true });
  });
});

describe('core store: live backtrace', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('close', resolve));
    }
  });

  it('captures a running program blocked in wait_for_input, which keeps running', async () => {
    const exe = await compileFixture('wait-input', scene.dir);
    child = spawn(exe, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    await until(() => output.includes('ready'), 'the child to be ready');

    const store = realStore();
    const capturing = store.getState().captureLive(` ${child.pid} `);
    expect(store.getState()).toMatchObject({ ref: { kind: 'live', pid: child.pid }, analysis: { phase: 'loading' } });
    await capturing;
    const data = store.getState().analysis.data!;
    expect(data.kind).toBe('live');
    expect(data.threads.flatMap((t) => t.frames.map((f) => f.function))).toContain('wait_for_input');

    child.stdin.write('still there?\n');
    await until(() => output.includes('got: still there?'), 'the child to answer after the capture');
  });

  it('a pid that is not a number is refused before asking the backend', async () => {
    const store = storeThatMustNotCall();
    await store.getState().captureLive('12a');
    expect(store.getState().analysis).toMatchObject({ phase: 'error', error: 'A process id is a whole number, such as 1234.' });
  });
});

describe('core store: run with crash capture', () => {
  it('refuses an unusable command line or folder with a sentence, before asking the backend', async () => {
    const store = storeThatMustNotCall();
    await store.getState().startWithCores(`${scene.exe} "unclosed`, scene.dir);
    expect(store.getState().launch).toMatchObject({ phase: 'error', error: 'A double quote is not closed.' });
    await store.getState().startWithCores(scene.exe, 'relative/folder');
    expect(store.getState().launch.error).toMatch(/full path of the folder/);
  });

  it('starts the program, waits for its crash and opens its core by itself', async () => {
    const store = realStore();
    const cwd = mkdtempSync(join(scene.dir, 'launch-'));
    await store.getState().startWithCores(`'${scene.exe}' two 'words here'`, cwd);
    const launched = store.getState().launch.data!;
    expect(launched.argv).toEqual([scene.exe, 'two', 'words here']);
    expect(store.getState().watch).toEqual({ state: 'watching', pid: launched.pid, cwd });

    await until(() => {
      void store.getState().checkLaunched();
      return store.getState().watch.state !== 'watching';
    }, 'the launched program to crash and be noticed');

    if (kernelWritesCoresToCwd()) {
      expect(store.getState().watch).toMatchObject({ state: 'opened', pid: launched.pid });
      await until(() => store.getState().analysis.phase !== 'loading', 'the core to be analysed');
      const data = store.getState().analysis.data!;
      expect(data.kind === 'core' && data.core.pid).toBe(launched.pid);
    } else {
      // Cores go to a handler (systemd-coredump, apport): the program's end is still reported.
      expect(store.getState().watch.state).toMatch(/opened|ended/);
    }
  });
});

describe('core store: a launched program that ends, over the desktop IPC path', () => {
  it("recognises the backend's ESRCH and says the program ended without a core", async () => {
    // `true` exits at once and leaves no core: only the code of core.status's failure tells "gone".
    const store = createCoreStore({ clientOf: () => backend.ipcClient, storage: null });
    const cwd = mkdtempSync(join(scene.dir, 'ends-'));
    await store.getState().startWithCores('/bin/true', cwd);
    const launched = store.getState().launch.data!;
    expect(store.getState().watch).toMatchObject({ state: 'watching', pid: launched.pid });
    await until(() => {
      void store.getState().checkLaunched();
      return store.getState().watch.state !== 'watching';
    }, 'the ended program to be recognised as gone (ESRCH)', 20_000);
    expect(store.getState().watch).toEqual({
      state: 'ended',
      pid: launched.pid,
      message: `Process ${launched.pid} has ended and Triage found no core from it; it probably exited without crashing.`,
    });
  });
});

describe('core store: continue in gdb', () => {
  it('opens gdb on the core being shown, its terminal answers bt, and Close or a new analysis ends it', async () => {
    const store = realStore();
    await store.getState().openGdb();
    expect(store.getState().gdb).toEqual({ state: 'closed' });

    await store.getState().openCore(scene.core.corePath);
    const opening = store.getState().openGdb();
    expect(store.getState().gdb.state).toBe('opening');
    await opening;
    const gdb = store.getState().gdb;
    if (gdb.state !== 'open') throw new Error(`gdb did not open: ${JSON.stringify(gdb)}`);
    expect(gdb.argv).toContain('-nx');
    expect(gdb.argv).toContain(scene.exe);

    let text = '';
    let exited = false;
    const off = backend.client.subscribe('terminal.output', { id: gdb.id }, {
      next(message) {
        if (message.kind === 'exit') exited = true;
        else {
          text += message.data;
          void backend.client.call('terminal.ackOutput', { id: gdb.id, chars: message.data.length }).catch(() => undefined);
        }
      },
    });
    await until(() => text.includes('(gdb)'), 'the gdb prompt');
    await backend.client.call('terminal.input', { id: gdb.id, data: 'bt\n' });
    await until(() => text.includes('parse_config'), 'the backtrace');

    await store.getState().closeGdb();
    expect(store.getState().gdb).toEqual({ state: 'closed' });
    await until(() => exited, 'gdb to end');
    off();
    await expect(backend.client.call('terminal.input', { id: gdb.id, data: 'bt\n' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A new analysis closes the terminal of the previous one.
    await store.getState().openGdb();
    const second = store.getState().gdb;
    expect(second.state).toBe('open');
    await store.getState().openCore(scene.core.corePath);
    expect(store.getState().gdb).toEqual({ state: 'closed' });
    if (second.state === 'open') {
      await expect(backend.client.call('terminal.close', { id: second.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('a text file as the core: the backend\'s sentence, no terminal', async () => {
    const store = realStore();
    store.setState({ ref: { kind: 'core', path: scene.textFile, exe: null } });
    await store.getState().openGdb();
    expect(store.getState().gdb).toMatchObject({ state: 'error', error: `${scene.textFile} is not a core dump: it is a text file.` });
  });
});
