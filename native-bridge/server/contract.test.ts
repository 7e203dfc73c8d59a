import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as z from 'zod';
import { contract, method, stream, SystemSample, type ContractClient, type Implementation } from '../contract/index.js';
import { createClient } from '../common/client.js';
import { bridgeIpc, RPC_CHANNEL, type IpcEventLike, type IpcMainLike } from '../../electron/main/ipc-bridge.js';
import type { Backend } from './backend.js';
import { createDispatcher } from './dispatcher.js';
import { realBackend } from '../../test-support/real-backend.js';
import { createInProcessClient } from './transports/in-process.js';
import { startWebServer, type WebServer } from './web/server.js';
import { until } from '../../test-support/until.js';

// A contract with one method and one stream more than the app's: nothing else is registered anywhere,
// so if every transport carries them, adding to the contract is the only step a feature needs.
const extended = {
  ...contract,
  'test.echo': method({ input: z.object({ text: z.string().max(100) }).strict(), output: z.object({ echoed: z.string() }) }),
  'test.count': stream({ input: z.object({ upTo: z.number().int().min(1).max(10) }), message: z.object({ n: z.number() }) }),
} as const;
type Extended = typeof extended;

let backend: Backend;
let implementation: Implementation<Extended>;
let web: WebServer;

function wsClient(server: WebServer): Promise<ContractClient<Extended>> {
  const token = new URL(server.url).searchParams.get('token')!;
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { Authorization: `Bearer ${token}`, Host: `127.0.0.1:${server.port}` },
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve(
        createClient(extended, {
          send: (message) => socket.send(JSON.stringify(message)),
          onMessage: (listener) => socket.on('message', (data) => listener(JSON.parse(data.toString()))),
        }),
      ),
    );
  });
}

interface FakeFrame {
  url: string;
  parent: unknown;
}

/** Electron's IPC modelled by its event shape: the bridge under test is the real code main.ts runs. */
function ipcClient(frame: FakeFrame): { client: ContractClient<Extended>; sent: unknown[] } {
  const ipcMain = new EventEmitter();
  const dispatcher = createDispatcher(extended, implementation);
  bridgeIpc(ipcMain as unknown as IpcMainLike, (send) => dispatcher.connect({ send }));
  const toRenderer = new EventEmitter();
  const sent: unknown[] = [];
  const sender = {
    id: 1,
    send: (_channel: string, message: unknown) => {
      sent.push(message);
      toRenderer.emit('message', structuredClone(message));
    },
    isDestroyed: () => false,
    once: () => undefined,
  };
  const client = createClient(extended, {
    send: (message) => {
      const event: IpcEventLike = { sender, senderFrame: frame };
      ipcMain.emit(RPC_CHANNEL, event, structuredClone(message));
    },
    onMessage: (listener) => toRenderer.on('message', listener),
  });
  return { client, sent };
}

const transports: Array<[string, () => Promise<ContractClient<Extended>>]> = [
  ['in-process', async () => createInProcessClient(extended, implementation).client],
  ['WebSocket', () => wsClient(web)],
  ['Electron IPC', async () => ipcClient({ url: 'app://triage/index.html', parent: null }).client],
];

beforeAll(async () => {
  backend = realBackend();
  implementation = {
    ...backend.implementation,
    'test.echo': async ({ text }) => ({ echoed: text.toUpperCase() }),
    'test.count': ({ upTo }, sink) => {
      for (let n = 1; n <= upTo; n++) sink.next({ n });
      return () => undefined;
    },
  };
  const ui = mkdtempSync(join(tmpdir(), 'triage-ui-'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html>');
  web = await startWebServer({ contract: extended, implementation, rendererRoot: ui });
});

afterAll(async () => {
  await web.close();
  backend.close();
});

describe.each(transports)('the contract over %s', (_name, makeClient) => {
  let client: ContractClient<Extended>;
  beforeAll(async () => {
    client = await makeClient();
  });

  it('carries a method added only to the contract', async () => {
    expect(await client.call('test.echo', { text: 'hello' })).toEqual({ echoed: 'HELLO' });
  });

  it('carries a stream added only to the contract', async () => {
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      client.subscribe('test.count', { upTo: 3 }, {
        next: ({ n }) => {
          seen.push(n);
          if (n === 3) resolve();
        },
      });
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('returns a real system sample that passes the schema', async () => {
    const sample = await client.call('system.sample', {});
    expect(SystemSample.safeParse(sample).success).toBe(true);
    expect(sample.cpu.cores.length).toBeGreaterThan(0);
  });

  it('refuses invalid input with a clear error and keeps serving', async () => {
    await expect(client.call('test.echo', { text: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.call('system.setInterval', { intervalMs: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.call('nope' as 'app.info', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(client.call('__proto__' as 'app.info', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(await client.call('test.echo', { text: 'still' })).toEqual({ echoed: 'STILL' });
  });

  it('delivers the metrics history first, then live samples', async () => {
    const kinds: string[] = [];
    await new Promise<void>((resolve) => {
      const stop = client.subscribe('system.metrics', {}, {
        next: (message) => {
          kinds.push(message.kind);
          if (kinds.length === 2) {
            stop();
            resolve();
          }
        },
      });
    });
    expect(kinds).toEqual(['history', 'sample']);
  });
});

describe('the IPC handler layer', () => {
  it.each([
    ['an iframe of the app', { url: 'app://triage/index.html', parent: {} }],
    ['a page navigated elsewhere', { url: 'https://evil.example/', parent: null }],
    ['a file: page', { url: 'file:///tmp/x.html', parent: null }],
  ])('ignores messages from %s', async (_name, frame) => {
    const { client, sent } = ipcClient(frame);
    const answer = Promise.race([client.call('app.info', {}), new Promise((r) => setTimeout(() => r('no answer'), 200))]);
    expect(await answer).toBe('no answer');
    expect(sent).toEqual([]);
  });

  it('answers a malformed envelope with an error and keeps serving', async () => {
    const ipcMain = new EventEmitter();
    const dispatcher = createDispatcher(extended, implementation);
    bridgeIpc(ipcMain as unknown as IpcMainLike, (send) => dispatcher.connect({ send }));
    const replies: Array<Record<string, unknown>> = [];
    const event: IpcEventLike = {
      senderFrame: { url: 'app://triage/index.html', parent: null },
      sender: { id: 2, send: (_c, m) => replies.push(m as Record<string, unknown>), isDestroyed: () => false, once: () => undefined },
    };
    ipcMain.emit(RPC_CHANNEL, event, 'not an object');
    ipcMain.emit(RPC_CHANNEL, event, { type: 'call', id: 3, method: 'test.echo', input: { text: 'ok' } });
    await until(() => replies.length >= 2, 'both replies', 30_000);
    expect(replies[0]).toMatchObject({ type: 'error', error: { code: 'BAD_MESSAGE' } });
    expect(replies[1]).toMatchObject({ id: 3, ok: true, value: { echoed: 'OK' } });
  });
});
