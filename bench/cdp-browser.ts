import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/**
 * Debian's Chromium started the way a user's would be (no Playwright launch flags such as
 * --disable-renderer-backgrounding, which would keep a hidden page running at full speed), driven over
 * a bare CDP socket that enables no domain: no console, network or runtime events flow while the bench
 * measures, so the browser's CPU is the page's and not the test harness's.
 */
export interface BenchChromium {
  /** The browser process: every Chromium process of this run is its descendant. */
  pid: number;
  /** Runs a JavaScript expression in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls an expression until it is truthy, or throws after `timeoutMs` with `what` in the message. */
  waitFor(expression: string, what: string, timeoutMs?: number): Promise<void>;
  /** Sends one CDP command to the page's session (for profiling the page). */
  send<T>(method: string, params?: object): Promise<T>;
  /** Hears every CDP event (any session) until the returned function is called: for Tracing's data. */
  onEvent(listener: (method: string, params: unknown) => void): () => void;
  /** Minimises (hidden: document.hidden becomes true) or restores the page's window. */
  setMinimized(minimized: boolean): Promise<void>;
  close(): Promise<void>;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

class CdpSocket {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly listeners = new Set<(method: string, params: unknown) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
      if (message.id === undefined) {
        if (message.method) for (const listener of this.listeners) listener(message.method, message.params);
        return;
      }
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    });
  }

  static open(url: string): Promise<CdpSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new CdpSocket(ws)));
      ws.once('error', reject);
    });
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  close(): void {
    this.ws.close();
  }
}

async function until<T>(read: () => T | null | undefined | Promise<T | null | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Removes the browser's profile folder. Chromium's helper processes outlive the browser process by a
 * moment and may still write into it (ENOTEMPTY): a leftover temporary folder is reported, never
 * allowed to throw away the measurements of a whole run.
 */
async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      return;
    } catch (error) {
      if (attempt >= 5) {
        process.stderr.write(`bench: could not remove Chromium's profile ${profile}: ${(error as Error).message}\n`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function launchChromium(url: string, window = { width: 1600, height: 1000 }): Promise<BenchChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'triage-bench-chromium-'));
  const child: ChildProcess = spawn(
    process.env.TRIAGE_CHROMIUM ?? '/usr/bin/chromium',
    [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--window-size=${window.width},${window.height}`, url],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // Chromium writes the port it chose and the browser's socket path here once it listens.
    const endpoint = await until(
      () => {
        try {
          const [port, path] = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n');
          return port && path ? `ws://127.0.0.1:${port}${path}` : null;
        } catch {
          return child.exitCode === null ? null : Promise.reject(new Error(`chromium exited with ${child.exitCode}`));
        }
      },
      'Chromium listening for DevTools',
      30_000,
    );
    const cdp = await CdpSocket.open(endpoint);
    const targetId = await until(
      async () => {
        const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
        return targetInfos.find((t) => t.type === 'page')?.targetId;
      },
      'the page target',
      30_000,
    );
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const { windowId } = await cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId });

    const evaluate = async <T>(expression: string): Promise<T> => {
      const { result, exceptionDetails } = await cdp.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      );
      if (exceptionDetails) throw new Error(`page script failed: ${exceptionDetails.text}`);
      return result.value;
    };
    return {
      pid: child.pid!,
      evaluate,
      send: (method, params) => cdp.send(method, params, sessionId),
      onEvent(listener) {
        cdp.listeners.add(listener);
        return () => cdp.listeners.delete(listener);
      },
      waitFor: async (expression, what, timeoutMs = 30_000) => {
        // Before the first document exists (or during a navigation) there is no context to evaluate in yet.
        await until(() => evaluate<boolean>(`Boolean(${expression})`).catch(() => false), what, timeoutMs);
      },
      async setMinimized(minimized) {
        await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: minimized ? 'minimized' : 'normal' } });
        const want = minimized ? 'hidden' : 'visible';
        await until(() => evaluate<boolean>(`document.visibilityState === '${want}'`), `the page turning ${want}`, 10_000);
      },
      async close() {
        cdp.close();
        child.kill('SIGTERM');
        await exited;
        await removeProfile(profile);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await removeProfile(profile);
    throw error;
  }
}
