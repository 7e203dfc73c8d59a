import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventsMessage, SessionInfo, TraceAnalysis, TraceEvent } from '../../../native-bridge/contract/index.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { appendCapped, createTraceStore, startRequest, type TraceForm } from './store.js';
import { until } from '../../../test-support/until.js';

function event(seq: number): TraceEvent {
  return { kind: 'other', seq, pid: 1, time: '10:00:00.000000', t: 36000, text: `line ${seq}` };
}

function analysisWith(calls: number): TraceAnalysis {
  return {
    counts: { lines: calls, events: calls, calls, failures: 0, unparsed: 0 },
    end: null,
    failures: [],
    files: [],
    network: [],
    processes: [],
    summary: [],
    slowest: [],
    inFlight: [],
    truncated: { failures: 0, files: 0, network: 0, processes: 0 },
  };
}

function batch(from: number, n: number, analysis: TraceAnalysis | null, omitted = 0): EventsMessage {
  return {
    kind: 'batch',
    events: Array.from({ length: n }, (_, i) => event(from + i)),
    omitted,
    totalEvents: from + n,
    olderOnDisk: Math.max(0, from + n - 50_000),
    analysis,
  };
}

/** A store fed by hand, whose flushes run only when the test says so. */
function offlineStore(eventCap: number) {
  const queue: (() => void)[] = [];
  const store = createTraceStore({
    clientOf: () => {
      throw new Error('this test feeds the store directly');
    },
    schedule: (flush) => queue.push(flush),
    eventCap,
  });
  return { store, runScheduled: () => queue.splice(0).forEach((f) => f()), queue };
}

describe('appendCapped', () => {
  it('keeps the newest items and never mutates its input', () => {
    const a = [1, 2, 3];
    expect(appendCapped(a, [4, 5], 4)).toEqual([2, 3, 4, 5]);
    expect(a).toEqual([1, 2, 3]);
    expect(appendCapped(a, [4, 5, 6, 7, 8], 4)).toEqual([5, 6, 7, 8]);
    expect(appendCapped(a, [], 4)).toBe(a);
  });
});

describe('trace store batching', () => {
  it('applies many stream messages in one update, capped to the newest events', () => {
    const { store, runScheduled, queue } = offlineStore(1000);
    let updates = 0;
    store.subscribe(() => updates++);
    const mid = analysisWith(500);
    for (let i = 0; i < 30; i++) store.getState().ingest(batch(i * 100, 100, i === 10 ? mid : null, 7));
    expect(updates).toBe(0); // nothing rendered until the flush
    expect(queue).toHaveLength(1); // one flush scheduled however many messages came
    runScheduled();
    const s = store.getState();
    expect(updates).toBe(1);
    expect(s.flushes).toBe(1);
    expect(s.events).toHaveLength(1000);
    expect(s.events[0]!.seq).toBe(2000);
    expect(s.events.at(-1)!.seq).toBe(2999);
    expect(s.totalEvents).toBe(3000);
    expect(s.notSent).toBe(30 * 7);
    // A batch without analysis does not erase the last one.
    expect(s.analysis).toBe(mid);
  });

  it('keeps counting what is on disk only, and an ended message ends the trace', () => {
    const { store, runScheduled } = offlineStore(100);
    store.getState().ingest(batch(0, 60_000, null));
    runScheduled();
    expect(store.getState().olderOnDisk).toBe(10_000);
    expect(store.getState().events).toHaveLength(100);
    const final = analysisWith(60_000);
    const session = { id: 'x', events: 60_000, olderOnDisk: 10_000, state: 'ended' } as SessionInfo;
    store.getState().ingest({ kind: 'ended', session, analysis: final });
    runScheduled();
    expect(store.getState()).toMatchObject({ phase: 'ended', analysis: final, session });
  });

  it('a flush with nothing pending changes nothing', () => {
    const { store } = offlineStore(10);
    const before = store.getState();
    store.getState().flush();
    expect(store.getState()).toBe(before);
  });
});

describe('startRequest', () => {
  const form: TraceForm = { mode: 'launch', recipe: 'files', program: ' ls ', argsText: '-l "/tmp/a b"', cwd: '', envText: 'LANG=C', pidText: '' };
  it('builds an argv request, never a command string', () => {
    expect(startRequest(form, { cols: 120, rows: 30 })).toEqual({
      ok: true,
      input: { mode: 'launch', command: 'ls', args: ['-l', '/tmp/a b'], env: { LANG: 'C' }, recipe: 'files', cols: 120, rows: 30 },
    });
  });
  it('says what to fix', () => {
    expect(startRequest({ ...form, program: '' }, { cols: 80, rows: 24 })).toMatchObject({ ok: false, error: expect.stringMatching(/program/) });
    expect(startRequest({ ...form, argsText: '"x' }, { cols: 80, rows: 24 })).toMatchObject({ ok: false, error: expect.stringMatching(/^Arguments:/) });
    expect(startRequest({ ...form, mode: 'attach', pidText: '-1' }, { cols: 80, rows: 24 })).toMatchObject({ ok: false });
    expect(startRequest({ ...form, mode: 'attach', pidText: '77', recipe: 'waiting' }, { cols: 80, rows: 24 })).toEqual({
      ok: true,
      input: { mode: 'attach', pid: 77, recipe: 'waiting' },
    });
  });
});

describe('trace store against the real backend (in-process transport, real strace)', () => {
  let connection: TestClient | undefined;

  afterEach(() => connection?.close());

  it('starts a trace from the form, shows the failure on the path it was given, queries, saves and closes', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-trace-store-' });
    const { client, configDir } = connection;
    const store = createTraceStore({ clientOf: () => client });
    const missing = join(configDir, 'no', 'such', 'dir');

    await store.getState().loadRecipes();
    expect(store.getState().recipes.map((r) => r.id)).toContain('fails-silently');
    store.getState().setForm({ program: 'ls', argsText: missing });
    await store.getState().start({ cols: 100, rows: 20 });
    expect(store.getState().formError).toBeNull();
    await until(() => store.getState().phase === 'ended', 'the trace to end');

    const { analysis, session } = store.getState();
    expect(session?.command).toEqual(['ls', missing]);
    expect(analysis?.end).toMatchObject({ state: 'exited', code: 2 });
    expect(analysis?.failures.some((g) => g.errno === 'ENOENT' && g.target === missing && !g.noise)).toBe(true);
    expect(store.getState().events.length).toBeGreaterThan(10);

    store.getState().setFilter({ text: missing });
    store.getState().setFailedOnly(true);
    await store.getState().runQuery();
    expect(store.getState().query.status).toBe('ready');
    expect(store.getState().query.matched).toBeGreaterThan(0);
    expect(store.getState().query.events.every((e) => e.kind === 'call' && e.errno !== null)).toBe(true);

    await store.getState().saveCapture();
    const saved = store.getState().saved!;
    expect(existsSync(saved.path)).toBe(true);
    expect(saved.bytes).toBeGreaterThan(0);

    await store.getState().close();
    expect(store.getState()).toMatchObject({ phase: 'idle', session: null, analysis: null });
    expect(await client.call('trace.list', {})).toEqual([]);
    // The saved copy is the user's: closing the trace keeps it.
    expect(existsSync(saved.path)).toBe(true);
  });

  it('attach: a process blocked in one call sends no events, yet the stream says what it waits on; detach leaves it running', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-trace-store-' });
    const { client } = connection;
    const store = createTraceStore({ clientOf: () => client });
    const sleeper = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
    try {
      await store.getState().loadRecipes();
      store.getState().chooseRecipe('waiting');
      expect(store.getState().form.mode).toBe('attach');
      store.getState().setForm({ pidText: String(sleeper.pid) });
      await store.getState().start();
      expect(store.getState()).toMatchObject({ phase: 'running', view: 'end', formError: null });
      await until(() => store.getState().analysis !== null, 'the first analysis');
      // Nothing asks for it: the analysis that names the blocked call arrives on the stream by itself.
      await until(() => store.getState().analysis?.inFlight.some((c) => c.pid === sleeper.pid) ?? false, 'the in-flight call on the stream', 30_000);
      await store.getState().stop();
      await until(() => store.getState().phase === 'ended', 'the detach');
      expect(sleeper.exitCode).toBeNull();
      expect(readFileSync(`/proc/${sleeper.pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
      await store.getState().close();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a program that does not exist leaves the form with the backend sentence', async () => {
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-trace-store-' });
    const { client } = connection;
    const store = createTraceStore({ clientOf: () => client });
    store.getState().setForm({ program: 'no-such-program-xyz' });
    await store.getState().start();
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().formError).toMatch(/"no-such-program-xyz" was not found/);
  });
});
