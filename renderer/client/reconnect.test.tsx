// @vitest-environment happy-dom
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { contract } from '../../native-bridge/contract/index.js';
import type { Backend } from '../../native-bridge/server/backend.js';
import { realBackend } from '../../test-support/real-backend.js';
import { startWebServer, type WebServer } from '../../native-bridge/server/web/server.js';
import { ConnectionBanner } from '../app/ConnectionBanner.js';
import { ProcessesPage } from '../features/processes/ProcessesPage.js';
import { keyOf } from '../features/processes/keys.js';
import { useProcesses } from '../features/processes/store.js';
import { untilRendered as until } from '../test-support/until-rendered.js';
import { reportConnection, setClientForTests, useConnection, type TriageClient } from './index.js';
import { createWebSocketClient, type ConnectionState } from './ws-client.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/**
 * The page's own WebSocket client against the real web server, over a real socket. A browser sends
 * our Origin and the session cookie; Node's socket sends neither, so it carries the server's token in
 * the header scripts may use. A restarted server has a new token: the socket picks up the current one.
 */
let token = '';
class TokenWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url, { headers: { Authorization: `Bearer ${token}` } });
    // A browser reports a refused connection as an event (then "close"); Node's socket would throw it.
    this.on('error', () => undefined);
  }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const button = (id: string) => byTestId(id) as HTMLButtonElement | null;

describe('the WebSocket client when the backend goes away and comes back (real server, real socket)', () => {
  let backend: Backend;
  let server: WebServer;
  let port: number;
  let rendererDir: string;
  let client: TriageClient & { close(): void };
  let root: Root;
  let host: HTMLDivElement;
  const reports: Array<{ state: ConnectionState; attempt: number; at: number }> = [];
  const original = globalThis.WebSocket;

  async function serve(onPort?: number): Promise<WebServer> {
    const started = await startWebServer({ contract, implementation: backend.implementation, rendererRoot: rendererDir, port: onPort });
    token = new URL(started.url).searchParams.get('token')!;
    return started;
  }

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'triage-renderer-'));
    backend = realBackend();
    server = await serve();
    port = server.port;
    globalThis.WebSocket = TokenWebSocket as unknown as typeof WebSocket;
    client = createWebSocketClient(
      contract,
      `ws://127.0.0.1:${port}/ws`,
      (state, attempt) => {
        reports.push({ state, attempt, at: performance.now() });
        reportConnection(state, attempt);
      },
      // Short delays so the test sees several attempts; the doubling is what is checked.
      { firstDelayMs: 150, maxDelayMs: 1200 },
    );
    setClientForTests(client, null);
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    await act(async () => {
      root.render(
        <>
          <ConnectionBanner />
          <ProcessesPage />
        </>,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
  });

  afterAll(async () => {
    act(() => root.unmount());
    useProcesses.getState().stop();
    // Before the server goes: otherwise its close schedules a reconnect that fires after this file's environment is gone.
    client.close();
    await server.close();
    backend.close();
    globalThis.WebSocket = original;
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('says since when it is disconnected, disables every action, retries with backoff, then says reconnected and streams again', async () => {
    await until(() => useConnection.getState().status === 'open', 'the socket to open', 20_000);
    await until(() => useProcesses.getState().rows.length > 0, 'the process table over the socket', 20_000);
    const self = useProcesses.getState().rows.find((r) => r.pid === process.pid)!;
    act(() => useProcesses.getState().click(keyOf(self)));
    await until(() => button('tool-pin-memory') !== null, 'the detail panel');
    expect(button('action-KILL')!.disabled).toBe(false);
    expect(button('tool-pin-memory')!.disabled).toBe(false);
    expect(byTestId('processes-status')!.textContent).toMatch(/^Live · /);
    expect(byTestId('connection-banner')).toBeNull();

    // The backend goes away.
    await server.close();
    await until(() => useConnection.getState().lostAt !== null, 'the loss to be noticed');
    await until(() => /^Disconnected since \d\d:\d\d:\d\d · reconnecting… attempt \d+$/.test(byTestId('processes-status')?.textContent ?? ''), 'the header');
    expect(byTestId('connection-banner')!.textContent).toMatch(/not answering.*Disconnected since \d\d:\d\d:\d\d.*Actions are disabled/);
    for (const id of ['action-KILL', 'action-TERM', 'action-STOP', 'action-renice', 'action-ionice', 'action-other', 'tool-pin-memory', 'tool-trace']) {
      expect(button(id)!.disabled, id).toBe(true);
    }
    // A call while lost fails at once with a sentence, and opens no socket outside the backoff schedule.
    await expect(client.call('preferences.get', {})).rejects.toThrow('not connected');

    // It keeps trying by itself, further apart each time.
    await until(() => useConnection.getState().attempt >= 4, 'four attempts');
    expect(byTestId('connection-banner')!.textContent).toMatch(/attempt [4-9]/);
    const tries = reports.filter((r) => r.state === 'connecting' && r.attempt > 0).map((r) => r.at);
    const waits = tries.slice(1).map((at, i) => at - tries[i]!);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    // Delays are lower bounds (timers never fire early): 300 ms, then 600 ms, between the attempts.
    expect(waits[0]).toBeGreaterThanOrEqual(280);
    expect(waits[1]).toBeGreaterThanOrEqual(580);

    // The backend is back on the same port: the client reconnects, says so, and the table streams again.
    server = await serve(port);
    await until(() => useConnection.getState().status === 'open', 'the reconnection', 20_000);
    await until(() => /^Reconnected to the Triage backend at \d\d:\d\d:\d\d/.test(byTestId('connection-banner')?.textContent ?? ''), 'the reconnected notice');
    const back = Date.now();
    await until(() => useProcesses.getState().time > back, 'a process table sample after the reconnection');
    await until(() => /^Live · /.test(byTestId('processes-status')!.textContent ?? ''), 'live again');
    expect(button('action-KILL')!.disabled).toBe(false);
    expect(button('tool-pin-memory')!.disabled).toBe(false);
  }, 120_000);
});
