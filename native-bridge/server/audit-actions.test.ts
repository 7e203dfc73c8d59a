import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../contract/processes.js';
import { LaunchInput } from '../contract/trace.js';
import type { Backend } from './backend.js';
import { realBackend } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';
import { statOf } from '../processes/test-support/children.js';

let backend: Backend;
let dir: string;

beforeAll(() => {
  backend = realBackend();
  dir = mkdtempSync(join(tmpdir(), 'triage-audit-actions-'));
});
afterAll(() => {
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lastEntry(action: AuditEntry['action']): Promise<AuditEntry> {
  const { entries } = await backend.implementation['processes.audit']({});
  const found = entries.filter((e) => e.action === action).at(-1);
  expect(found, `an audit entry for ${action}`).toBeDefined();
  return found!;
}

describe('powerful actions are audited through the real backend', () => {
  it('a traced launch: program and arguments with secrets redacted, the real pid, then saving its capture (path)', async () => {
    const impl = backend.implementation;
    const session = await impl['trace.start'](LaunchInput.parse({ mode: 'launch', command: '/bin/sleep', args: ['30', '--password=hunter2'] }));
    try {
      const entry = await lastEntry('trace-launch');
      expect(entry.result.ok).toBe(true);
      expect(String(entry.params.command)).toMatch(/^\/bin\/sleep 30 --password=/);
      expect(JSON.stringify(entry)).not.toContain('hunter2');
      const target = join(dir, 'capture.txt');
      await impl['trace.stop']({ id: session.id });
      await impl['trace.saveCapture']({ id: session.id, path: target });
      const saved = await lastEntry('save-capture');
      expect(saved).toMatchObject({ params: { path: target }, target: { pid: process.pid }, result: { ok: true } });
    } finally {
      await impl['trace.discard']({ id: session.id }).catch(() => undefined);
    }
  }, 60_000);

  it('attaching a trace names the attached process by pid and start time', async () => {
    const impl = backend.implementation;
    const launched = await impl['core.launchWithCores']({ argv: ['/bin/sleep', '30'], cwd: dir });
    try {
      const launch = await lastEntry('launch-with-cores');
      expect(launch).toMatchObject({ params: { command: '/bin/sleep 30', cwd: dir }, target: { pid: launched.pid, name: 'sleep' }, result: { ok: true } });
      await until(() => statOf(launched.pid) !== null, 'the launched program in /proc');
      expect(launch.target.startTime).toBe(statOf(launched.pid)!.startTime);
      // Tests run as root, so attaching is allowed whatever ptrace_scope says.
      const session = await impl['trace.start']({ mode: 'attach', pid: launched.pid, recipe: 'waiting' });
      const attach = await lastEntry('trace-attach');
      expect(attach).toMatchObject({ params: { recipe: 'waiting' }, target: { pid: launched.pid, name: 'sleep' }, result: { ok: true } });
      await impl['trace.stop']({ id: session.id });
      await impl['trace.discard']({ id: session.id });
    } finally {
      process.kill(launched.pid, 'SIGKILL');
    }
  }, 60_000);

  it('saving a snapshot records its path; a refused save and a failed gdb terminal are audited as failures', async () => {
    const impl = backend.implementation;
    const path = join(dir, 'a.triage.json.gz');
    await impl['snapshot.export']({ windowMs: 60_000, redact: { secrets: true, host: false, users: false, homes: false }, notes: {}, path });
    expect(await lastEntry('save-snapshot')).toMatchObject({ params: { path }, result: { ok: true } });
    const taken = join(dir, 'taken.triage.json.gz');
    writeFileSync(taken, 'x');
    await expect(impl['snapshot.export']({ windowMs: 60_000, redact: { secrets: true, host: false, users: false, homes: false }, notes: {}, path: taken })).rejects.toThrow();
    expect(await lastEntry('save-snapshot')).toMatchObject({ params: { path: taken }, result: { ok: false } });
    await expect(impl['terminal.openGdbOnCore']({ path: join(dir, 'no-such-core'), cols: 80, rows: 24 })).rejects.toThrow();
    expect(await lastEntry('gdb-terminal')).toMatchObject({ params: { core: join(dir, 'no-such-core') }, result: { ok: false } });
  }, 60_000);
});
