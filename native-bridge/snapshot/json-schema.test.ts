import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotJsonSchemaText } from './json-schema.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

import { committedSchema, committedSchemaPath as committedPath } from './test-support/committed-schema.js';

describe('docs/snapshot.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx scripts/write-json-schema.ts)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(snapshotJsonSchemaText());
  });

  it('accepts a full snapshot and unknown future parts, and rejects wrong types and versions', () => {
    const schema = committedSchema();
    const good = JSON.parse(JSON.stringify(syntheticSnapshot())) as Record<string, unknown> & { parts: Record<string, unknown> };
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, parts: { ...good.parts, network: { sockets: [] } } }).success).toBe(true);
    expect(schema.safeParse({ ...good, version: 2 }).success).toBe(true);
    expect(schema.safeParse({ ...good, version: 3 }).success).toBe(false);
    expect(schema.safeParse({ ...good, format: 'other' }).success).toBe(false);
    const bad = JSON.parse(JSON.stringify(good)) as { parts: { metrics: Array<{ cpu: { total: { busy: unknown } } }> } };
    bad.parts.metrics[0]!.cpu.total.busy = 'high';
    expect(schema.safeParse(bad).success).toBe(false);
  });
});
