import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SystemSample } from '../contract/system.js';
import { createSystemCollector } from './system-collector.js';

describe('createSystemCollector', () => {
  it('picks /proc on Linux and samples through the async interface', async () => {
    const collector = createSystemCollector();
    try {
      expect(collector.source).toBe('procfs');
      const sample = SystemSample.parse(await collector.sample());
      expect(sample.source).toBe('procfs');
    } finally {
      collector.close();
    }
  });

  it('falls back to systeminformation on another platform', async () => {
    const collector = createSystemCollector({ platform: 'darwin' });
    try {
      expect(collector.source).toBe('systeminformation');
      expect(SystemSample.parse(await collector.sample()).source).toBe('systeminformation');
    } finally {
      collector.close();
    }
  });

  it('falls back to systeminformation when the proc root has no readable stat', async () => {
    const root = mkdtempSync(join(tmpdir(), 'triage-noproc-'));
    const collector = createSystemCollector({ procRoot: root });
    try {
      expect(collector.source).toBe('systeminformation');
    } finally {
      collector.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns a procfs failure into a rejected promise, not a synchronous throw', async () => {
    const collector = createSystemCollector();
    collector.close();
    const pending = collector.sample();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
