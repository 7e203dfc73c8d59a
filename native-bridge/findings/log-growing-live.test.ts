// The log-growth rule in the running backend: the server hands its LogWatch (pointed at a temporary log root)
// to the findings service, which reads the sizes at its own pace; findings.stream says what the engine concluded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { FindingsReport } from '../contract/findings.js';
import { connectTestClient } from '../../test-support/real-backend.js';
import { until } from '../../test-support/until.js';
import { startLogWriter } from './test-support/log-writer.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) clean();
});

it('a file written fast under the configured log root becomes a finding naming it and its writer', async () => {
  const root = mkdtempSync(join(tmpdir(), 'triage-live-logs-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'noisy.log');
  const child = await startLogWriter(file, 64 * 1024, 20);
  cleanups.push(() => child.kill('SIGKILL'));
  const { client, close } = connectTestClient({ prefix: 'triage-log-rule-', logRoots: [root], files: { 'findings.json': JSON.stringify({ 'log-growing': { minMs: 1000 } }) } });
  const reports: FindingsReport[] = [];
  const stop = client.subscribe('findings.stream', {}, { next: (report) => reports.push(report) });
  cleanups.push(() => {
    stop();
    close();
  });
  // Sizes are read every 5 s: the growth is known at the second read, and a finding a second after that.
  const finding = await until(() => reports.at(-1)?.findings.find((f) => f.rule === 'log-growing'), 'the log-growing finding', 40_000);
  expect(finding.sentence).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')} grows [\\d.]+ MiB/min`));
  expect(finding.culprits.map((c) => c.pid)).toEqual([child.pid]);
});
