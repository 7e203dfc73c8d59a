import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { Snapshot } from '../contract/snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './codec.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const gz = (value: unknown): Buffer => gzipSync(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

async function failure(data: Uint8Array): Promise<TriageError> {
  const error = await decodeSnapshot(data, 'x.triage.json.gz').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriageError);
  return error as TriageError;
}

describe('encode and decode', () => {
  it('round-trips every part unchanged', async () => {
    const snapshot = syntheticSnapshot({ samples: 120, processes: 300 });
    const decoded = await decodeSnapshot(await encodeSnapshot(snapshot), 'x');
    expect(decoded.problems).toEqual([]);
    expect(decoded.snapshot).toEqual(snapshot);
    for (const part of Object.keys(snapshot.parts)) expect(decoded.snapshot.parts).toHaveProperty(part);
  });

  it.each<[string, () => Uint8Array, RegExp]>([
    ['an empty file', () => Buffer.alloc(0), /is empty/],
    ['plain JSON', () => Buffer.from(JSON.stringify(syntheticSnapshot())), /plain JSON.*gzip/],
    ['a PNG image', () => PNG, /PNG image/],
    ['random bytes', () => randomBytes(4096), /not gzip-compressed/],
    ['gzip of random bytes', () => gz(randomBytes(2048).toString('latin1')), /does not hold JSON/],
    ['gzip of other JSON', () => gz({ hello: 'world' }), /not a Triage snapshot/],
    ['gzip of a JSON array', () => gz([1, 2, 3]), /not a Triage snapshot/],
    ['a snapshot without a version', () => gz({ ...syntheticSnapshot(), version: undefined }), /format version is missing/],
    ['a snapshot with a broken meta', () => gz({ ...syntheticSnapshot(), meta: { host: 3 } }), /description .* is unreadable/],
    ['gzip with a corrupt body', () => {
      const good = Buffer.from(gz(syntheticSnapshot()));
      for (let i = 20; i < 60; i++) good[i] = (good[i] ?? 0) ^ 0xff;
      return good;
    }, /damaged|truncated|does not hold JSON/],
  ])('refuses %s with a clear sentence', async (_what, make, message) => {
    const error = await failure(make());
    expect(error.message).toMatch(message);
    expect(error.message).toContain('x.triage.json.gz');
  });

  it('says a cut-off file is truncated', async () => {
    const whole = await encodeSnapshot(syntheticSnapshot({ samples: 300 }));
    for (const keep of [0.25, 0.5, 0.99]) {
      const error = await failure(whole.subarray(0, Math.floor(whole.length * keep)));
      expect(error.message).toMatch(/is truncated: the file ends early/);
    }
  });

  it('says a file from a newer Triage needs a newer Triage', async () => {
    const error = await failure(gz({ ...syntheticSnapshot(), version: 3 }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/made by a newer Triage \(snapshot format 3\).*Update Triage/);
  });

  it('ignores unknown future parts and leaves out a part it cannot read, keeping the rest', async () => {
    const snapshot = syntheticSnapshot();
    const file = { ...snapshot, parts: { ...snapshot.parts, network: { sockets: [] }, traces: [{ garbage: true }] } };
    const decoded = await decodeSnapshot(gz(file), 'x');
    expect(decoded.snapshot.parts).not.toHaveProperty('network');
    expect(decoded.snapshot.parts).not.toHaveProperty('traces');
    expect(decoded.snapshot.parts.metrics).toEqual(snapshot.parts.metrics);
    expect(decoded.problems).toEqual([
      'The traces part of this snapshot could not be read and is left out.',
      'This snapshot has parts this Triage does not know (network); they are ignored.',
    ]);
    expect(Snapshot.safeParse(decoded.snapshot).success).toBe(true);
  });

  it('treats __proto__ in the file as data, never as a prototype', async () => {
    const text = JSON.stringify(syntheticSnapshot()).replace('"parts":{', '"parts":{"__proto__":{"polluted":1},');
    const decoded = await decodeSnapshot(gz(text), 'x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((decoded.snapshot.parts as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops at the inflated size cap instead of running out of memory', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const error = await decodeSnapshot(bomb, 'bomb.gz', { maxInflatedBytes: 1024 * 1024 }).catch((e: unknown) => e as TriageError);
    expect(error).toBeInstanceOf(TriageError);
    expect((error as TriageError).message).toBe('bomb.gz expands to more than 1 MB: it is not a Triage snapshot, or it is damaged.');
  });
});
