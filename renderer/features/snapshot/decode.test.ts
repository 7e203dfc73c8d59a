import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TriageError } from '../../../native-bridge/contract/index.js';
import { decodeSnapshot, encodeSnapshot } from '../../../native-bridge/snapshot/codec.js';
import { syntheticSnapshot } from '../../../native-bridge/snapshot/test-support/synthetic.js';
import { decodeSnapshotBlob, type DecodeLimits } from './decode.js';

const LABEL = 'incident.triage.json.gz';
const gz = (value: unknown): Uint8Array => gzipSync(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

/** Bytes already in memory, as the page gets them from a dropped file. */
const decodeSnapshotBytes = (bytes: Uint8Array, label: string, limits: DecodeLimits = {}) =>
  decodeSnapshotBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), label, limits);

async function failure(promise: Promise<unknown>): Promise<TriageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TriageError);
    return error as TriageError;
  }
  throw new Error('expected a failure');
}

describe('decoding a snapshot in the page', () => {
  it('reads what the backend writes, every part unchanged', async () => {
    const snapshot = syntheticSnapshot({ samples: 120, processes: 300 });
    const bytes = await encodeSnapshot(snapshot);
    const decoded = await decodeSnapshotBytes(bytes, LABEL);
    expect(decoded.problems).toEqual([]);
    expect(decoded.snapshot).toEqual(snapshot);
    expect((await decodeSnapshot(bytes, LABEL)).snapshot).toEqual(decoded.snapshot);
  });

  it('keeps the readable parts of a file with a broken part and an unknown one, and says so', async () => {
    const snapshot = syntheticSnapshot();
    const raw = { ...snapshot, parts: { ...snapshot.parts, audit: 'not a list', network: { from: 'a newer Triage' } } };
    const decoded = await decodeSnapshotBytes(gz(raw), LABEL);
    expect(decoded.snapshot.parts.audit).toBeUndefined();
    expect(decoded.snapshot.parts.metrics).toEqual(snapshot.parts.metrics);
    expect(decoded.problems).toEqual([
      'The audit part of this snapshot could not be read and is left out.',
      'This snapshot has parts this Triage does not know (network); they are ignored.',
    ]);
  });

  /** Each file the backend has a sentence for gets the very same sentence in the page (sniffing and inflating are separate code in each; the JSON checks are shared). */
  const good = gzipSync(Buffer.from(JSON.stringify(syntheticSnapshot())));
  const corrupt = Buffer.from(good);
  corrupt[20]! ^= 0xff;
  corrupt[21]! ^= 0xff;
  const snapshot = syntheticSnapshot();
  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['empty', new Uint8Array(0), /is empty/],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
    ['an ELF core', Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), /core dump \(ELF\)/],
    ['a ZIP', Buffer.from('PK\x03\x04rest', 'latin1'), /ZIP archive/],
    ['plain JSON', Buffer.from(JSON.stringify(snapshot)), /plain JSON/],
    ['text', Buffer.from('hello'), /not gzip-compressed/],
    ['truncated', good.subarray(0, Math.floor(good.length / 2)), /is truncated/],
    ['corrupt', corrupt, /is damaged/],
    ['gzip of text', gz('not json at all'), /does not hold JSON/],
    ['foreign JSON', gz({ hello: 'world' }), /it is not a Triage snapshot/],
    ['no version', gz({ ...snapshot, version: 'one' }), /format version is missing or invalid/],
    ['future version', gz({ ...snapshot, version: 7 }), /made by a newer Triage \(snapshot format 7\)/],
    ['broken meta', gz({ ...snapshot, meta: { host: 3 } }), /description \(host, time, window\) is unreadable/],
  ];
  for (const [what, bytes, sentence] of bad) {
    it(`${what}: the backend's sentence, naming the file`, async () => {
      const page = await failure(decodeSnapshotBytes(bytes, LABEL));
      const backend = await failure(decodeSnapshot(bytes, LABEL));
      expect(page.message).toMatch(sentence);
      expect(page.message.startsWith(LABEL)).toBe(true);
      expect(page.message).toBe(backend.message);
      expect(page.code).toBe(backend.code);
    });
  }

  it('refuses a dropped file over the size cap before reading it, and stops inflating past the inflated cap', async () => {
    const bytes = await encodeSnapshot(syntheticSnapshot({ samples: 300, processes: 500 }));
    const big = await failure(decodeSnapshotBlob(new Blob([new Uint8Array(bytes)]), LABEL, { maxBytes: bytes.length - 1 }));
    expect(big.message).toMatch(/is too large to open by dropping it .* Open it by its path instead\.$/);
    const bomb = await failure(decodeSnapshotBytes(bytes, LABEL, { maxInflatedBytes: 64 * 1024 }));
    expect(bomb.message).toBe(`${LABEL} unpacks to more than 0 MB, more than Triage opens.`);
  });

  it('stops a zip bomb at the real 500 MB cap with a sentence', async () => {
    // 600 MB of zeros is about 600 KB of gzip: past the 500 MB cap, so it must be refused.
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 38; i++) controller.enqueue(zeros);
        controller.close();
      },
    }).pipeThrough(new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
    const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(compressed.length).toBeLessThan(5 * 1024 * 1024);
    const error = await failure(decodeSnapshotBytes(compressed, LABEL));
    expect(error.message).toBe(`${LABEL} unpacks to more than 500 MB, more than Triage opens.`);
  });
});
