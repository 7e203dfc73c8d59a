import { describe, expect, it } from 'vitest';
import { ProcessRow } from '../contract/processes.js';
import { createSiSampler } from './process-sampler-si.js';

describe('systeminformation fallback', () => {
  it('produces contract rows through the same interface, including this process', async () => {
    const sampler = createSiSampler();
    const table = await sampler.sample();
    sampler.close();
    expect(table.source).toBe('systeminformation');
    for (const row of table.rows) ProcessRow.parse(row);
    expect(table.rows.some((r) => r.pid === process.pid)).toBe(true);
  });
});
