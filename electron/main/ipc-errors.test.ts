import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, TriageError, type Contract, type Implementation, type TriageErrorShape } from '../../native-bridge/contract/index.js';
import type { Backend } from '../../native-bridge/server/backend.js';
import { realBackend } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';
import { ipcHarness, type IpcHarness } from '../test-support/ipc-harness.js';

// The desktop path from the renderer client down to the real backend, through the real preload API and
// main-side bridge; only Electron's ipcMain/ipcRenderer objects and contextBridge's copying are modelled.
let backend: Backend;
let ipc: IpcHarness<Contract>;

/** A pid that certainly belonged to a process a moment ago and belongs to none now. */
async function vanishedPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  return child.pid!;
}

beforeAll(() => {
  backend = realBackend();
  const implementation: Implementation<Contract> = {
    ...backend.implementation,
    // Two endpoints fail the way a bug would: a bare Error, with a stack the page must never see.
    'app.info': async () => {
      throw new Error('the version file is unreadable');
    },
    'system.metrics': (_input, sink) => {
      sink.fail(new Error('the sampler crashed'));
      return () => undefined;
    },
  };
  ipc = ipcHarness(contract, implementation);
});

afterAll(() => {
  ipc?.close();
  backend?.close();
});

describe('errors over Electron IPC (preload → contextBridge → renderer client)', () => {
  it("a vanished pid arrives as a TriageError with code 'ESRCH' and the backend's sentence", async () => {
    const pid = await vanishedPid();
    const error: unknown = await ipc.client.call('core.status', { pid }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TriageError);
    expect(error).toMatchObject({ code: 'ESRCH', message: `No process with id ${pid} is running.` });
  });

  it('an unexpected Error arrives as INTERNAL with its message and without a stack', async () => {
    const error = await ipc.client.call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TriageError);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'the version file is unreadable' });
    // What went over IPC: the shape only, no stack text from the main process.
    const failure = ipc.sent.findLast((m) => (m as { ok?: boolean }).ok === false);
    expect(failure).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'the version file is unreadable' } });
    expect(JSON.stringify(ipc.sent)).not.toMatch(/ipc-errors\.test|\bat .*:\d+:\d+/);
  });

  it('invalid input arrives as INVALID_INPUT, not as a bare message', async () => {
    const error = await ipc.client.call('core.status', { pid: -1 } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a stream failure carries its code: a real NOT_FOUND and an unexpected INTERNAL', async () => {
    const failures: TriageErrorShape[] = [];
    ipc.client.subscribe('terminal.output', { id: '00000000-0000-0000-0000-000000000000' }, {
      next: () => undefined,
      error: (e) => failures.push(e),
    });
    ipc.client.subscribe('system.metrics', {}, { next: () => undefined, error: (e) => failures.push(e) });
    await until(() => failures.length === 2, 'both streams to fail', 10_000);
    expect(failures).toContainEqual({ code: 'NOT_FOUND', message: 'That terminal is closed (or Triage restarted); open it again.' });
    expect(failures).toContainEqual({ code: 'INTERNAL', message: 'the sampler crashed' });
  });
});
