import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyContract } from '../contract/history.js';
import { callEveryEndpoint } from '../server/test-support/every-endpoint.js';
import { HistorySettings } from '../shared/settings.js';
import { createHistoryService } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-history-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the history service before anything was recorded', () => {
  it('answers every endpoint through the transport: empty results, or a sentence that says why', async () => {
    const service = createHistoryService({ stateDir: dir, settings: HistorySettings.parse({}), record: { on: false, why: 'Only reading.' } });
    const now = Date.now();
    const answers = await callEveryEndpoint(historyContract, service.implementation, {
      'history.status': {},
      'history.series': { from: now - 3_600_000, to: now, maxPoints: 100 },
      'history.processesAt': { at: now - 60_000 },
      'history.top': { from: now - 3_600_000, to: now },
      'history.events': { from: now - 3_600_000, to: now },
    });
    expect(answers['history.status']).toMatchObject({ ok: true, value: { recording: false, notRecording: 'Only reading.', bytes: null, path: join(dir, 'history.db') } });
    expect(answers['history.series']).toMatchObject({ ok: true, value: { times: [], gaps: [{ reason: 'not-recorded-yet' }] } });
    expect(answers['history.processesAt']).toEqual({ ok: false, code: 'NOT_FOUND', message: `Nothing has been recorded yet: there is no history database at ${join(dir, 'history.db')}.` });
    expect(answers['history.top']).toMatchObject({ ok: true, value: { rows: [] } });
    expect(answers['history.events']).toMatchObject({ ok: true, value: { events: [], omitted: 0 } });
  });

  it('refuses a range that ends before it starts, or spans more than 91 days', async () => {
    const service = createHistoryService({ stateDir: dir, settings: HistorySettings.parse({}), record: { on: false, why: 'x' } });
    await expect(service.implementation['history.top']({ from: 10, to: 5, by: 'cpu', limit: 5 })).rejects.toThrow('The end of the range must come after its start.');
    await expect(service.implementation['history.series']({ from: 0, to: 92 * 86_400_000, maxPoints: 5 })).rejects.toThrow('A history range can span at most 91 days.');
  });
});
