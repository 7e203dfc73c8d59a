import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsMessage, OutputMessage, StartInput, traceContract } from '../contract/trace.js';
import { explainPtraceRefusal } from './ptrace-permission.js';
import { createTraceService, type TraceService } from './service.js';
import { installCommand } from './tools.js';
import { until } from '../../test-support/until.js';
import { callEveryEndpoint, outcomes } from '../server/test-support/every-endpoint.js';

let dir = '';
let helper = '';
let service: TraceService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-trace-svc-'));
  helper = join(dir, 'helper');
  execFileSync('gcc', ['-O2', '-o', helper, new URL('./fixtures/helper.c', import.meta.url).pathname]);
  service = createTraceService({ captureRoot: dir, stateDir: dir });
});
afterAll(async () => {
  await service.disposeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('createTraceService', () => {
  it('answers every endpoint through a transport: an unknown session is NOT_FOUND with a sentence, never a crash', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    const missing = join(dir, 'no-such-program');
    const answers = await callEveryEndpoint(traceContract, service, {
      'trace.recipes': {},
      'trace.start': { mode: 'launch', command: missing, args: [] },
      'trace.stop': { id },
      'trace.input': { id, data: 'x' },
      'trace.resize': { id, cols: 80, rows: 24 },
      'trace.ackOutput': { id, chars: 1 },
      'trace.list': {},
      'trace.analysis': { id },
      'trace.query': { id },
      'trace.saveCapture': { id },
      'trace.discard': { id },
      'trace.output': { id },
      'trace.events': { id },
    });
    expect(outcomes(answers)).toEqual({
      'trace.ackOutput': 'NOT_FOUND',
      'trace.analysis': 'NOT_FOUND',
      'trace.discard': 'NOT_FOUND',
      'trace.events': 'NOT_FOUND',
      'trace.input': 'NOT_FOUND',
      'trace.list': 'ok',
      'trace.output': 'NOT_FOUND',
      'trace.query': 'NOT_FOUND',
      'trace.recipes': 'ok',
      'trace.resize': 'NOT_FOUND',
      'trace.saveCapture': 'NOT_FOUND',
      'trace.start': 'NOT_FOUND',
      'trace.stop': 'NOT_FOUND',
    });
    const recipes = answers['trace.recipes'];
    expect(recipes.ok && (recipes.value as unknown[]).length).toBeGreaterThan(0);
    for (const [name, a] of Object.entries(answers)) if (!a.ok) expect(a.message, name).toMatch(/^[A-Z].{15,}[.)]$/);
  });

  it('runs a trace end to end through the contract shapes', async () => {
    const missing = join(dir, 'nope', 'purplebox');
    const info = await service['trace.start'](StartInput.parse({ mode: 'launch', command: helper, args: ['purplebox', missing] }));
    const events: EventsMessage[] = [];
    const output: OutputMessage[] = [];
    const offEvents = service['trace.events']({ id: info.id }, { next: (m) => events.push(EventsMessage.parse(m)), fail: (e) => { throw e; } });
    const offOutput = service['trace.output']({ id: info.id }, { next: (m) => output.push(OutputMessage.parse(m)), fail: (e) => { throw e; } });
    await until(() => events.some((m) => m.kind === 'ended'), 'ended message');
    offEvents();
    offOutput();
    const ended = events.find((m) => m.kind === 'ended')!;
    expect(ended.kind === 'ended' && ended.analysis.end?.code).toBe(1);
    expect(output.at(-1)).toEqual({ kind: 'exit', code: 1, signal: null });
    const list = await service['trace.list']({});
    expect(list.find((s) => s.id === info.id)).toMatchObject({ state: 'ended', tool: 'strace' });
    const q = await service['trace.query']({ id: info.id, failedOnly: true, offset: 0, limit: 50, classes: ['file'] });
    expect(q.events.some((e) => e.kind === 'call' && e.target === missing)).toBe(true);
    const saved = await service['trace.saveCapture']({ id: info.id });
    expect(statSync(saved.path).size).toBe(saved.bytes);
    expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    const chosen = join(dir, 'kept.strace');
    await service['trace.saveCapture']({ id: info.id, path: chosen });
    expect(readFileSync(chosen, 'utf8')).toBe(readFileSync(saved.path, 'utf8'));
    await expect(service['trace.saveCapture']({ id: info.id, path: chosen })).rejects.toMatchObject({ code: 'REFUSED' });
    await expect(service['trace.saveCapture']({ id: info.id, path: 'relative.txt' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await service['trace.discard']({ id: info.id });
    // The saved copies outlive the session; its private capture folder does not.
    expect(existsSync(saved.path)).toBe(true);
    expect(existsSync(chosen)).toBe(true);
    await expect(service['trace.analysis']({ id: info.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('carries keyboard input, resize and acks to a launched program', async () => {
    const cat = execFileSync('which', ['cat']).toString().trim();
    const info = await service['trace.start'](StartInput.parse({ mode: 'launch', command: cat, args: [], recipe: 'files' }));
    let text = '';
    const off = service['trace.output']({ id: info.id }, {
      next: (m) => {
        if (m.kind === 'data') {
          text += m.data;
          void service['trace.ackOutput']({ id: info.id, chars: m.data.length });
        }
      },
      fail: () => {},
    });
    await service['trace.resize']({ id: info.id, cols: 120, rows: 40 });
    await service['trace.input']({ id: info.id, data: 'ping\r' });
    await until(() => text.split('ping').length - 1 >= 2, 'echo');
    await service['trace.input']({ id: info.id, data: '\x04' });
    const final = await service['trace.stop']({ id: info.id });
    expect(final.state).toBe('ended');
    const a = await service['trace.analysis']({ id: info.id });
    expect(a.summary.some((s) => s.name === 'read')).toBe(true);
    off();
  });

  it('lists the recipes', async () => {
    const recipes = await service['trace.recipes']({});
    expect(recipes.map((r) => r.id)).toEqual(['fails-silently', 'files', 'network', 'waiting', 'library-calls']);
  });
});

describe('plain messages', () => {
  it('explains ptrace refusals by yama scope', () => {
    expect(explainPtraceRefusal(1, 42)).toMatch(/ptrace_scope is 1.*launching the program from Triage/);
    expect(explainPtraceRefusal(3, 42)).toMatch(/switched off/);
    expect(explainPtraceRefusal(null, 42)).toMatch(/another user|container/);
  });
  it('names the package manager from os-release', () => {
    expect(installCommand('strace', 'ID=ubuntu\nID_LIKE=debian\n')).toBe('sudo apt-get install strace');
    expect(installCommand('strace', 'ID="arch"\n')).toBe('sudo pacman -S strace');
  });
});
