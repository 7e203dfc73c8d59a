import { promisify } from 'node:util';
import { constants as zlibConstants, createGunzip, gzip } from 'node:zlib';
import { TriageError } from '../contract/errors.js';
import { SNAPSHOT_LIMITS, SnapshotScanner, type SnapshotLimits } from '../common/snapshot-limits.js';
import { type Snapshot } from '../contract/snapshot.js';
import { decodeSnapshotJson, type DecodedSnapshot } from '../common/snapshot-validate.js';

export type { DecodedSnapshot };

const gzipAsync = promisify(gzip);

/** Inflated size cap (sized in contract/snapshot-limits.ts from the largest real snapshot). */
export const MAX_INFLATED_BYTES = SNAPSHOT_LIMITS.maxInflatedBytes;

export async function encodeSnapshot(snapshot: Snapshot): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(snapshot), 'utf8'), { level: 6 });
}

const isGzip = (data: Uint8Array): boolean => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

/** What a non-gzip file most likely is, so the sentence can say it. */
function sniff(data: Uint8Array): string {
  const head = Buffer.from(data.subarray(0, 16));
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'it is a PNG image';
  if (head.subarray(0, 4).toString('latin1') === '\x7fELF') return 'it is a program or a core dump (ELF)';
  if (head.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return 'it is a ZIP archive';
  const text = head.toString('utf8').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'it is plain JSON, and Triage snapshots are gzip-compressed';
  return 'it is not gzip-compressed';
}

/**
 * Untrusted bytes to a validated snapshot; every failure is one sentence naming the file. The bytes are
 * inflated as a stream and scanned as they come (size, entry count, string length), so a crafted file is
 * refused after reading only as much as the limits allow, and the event loop keeps serving other calls
 * between chunks; JSON.parse only ever sees text within the limits.
 */
export async function decodeSnapshot(data: Uint8Array, label: string, limits: Partial<SnapshotLimits> = {}): Promise<DecodedSnapshot> {
  if (data.length === 0) throw new TriageError('INVALID_INPUT', `${label} is empty, so it is not a Triage snapshot.`);
  if (!isGzip(data)) throw new TriageError('INVALID_INPUT', `${label} is not a Triage snapshot: ${sniff(data)}.`);
  const inflated = await inflateScanned(data, label, { ...SNAPSHOT_LIMITS, ...limits });
  return decodeSnapshotJson(inflated, label);
}

function inflateScanned(data: Uint8Array, label: string, limits: SnapshotLimits): Promise<Buffer> {
  const scanner = new SnapshotScanner(label, limits);
  const chunks: Buffer[] = [];
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(error);
    };
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        scanner.feed(chunk);
        chunks.push(chunk);
      } catch (error) {
        fail(error);
      }
    });
    gunzip.on('error', (error) => fail(inflateError(error, label)));
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    gunzip.end(data);
  });
}

function inflateError(error: unknown, label: string): TriageError {
  const code = (error as NodeJS.ErrnoException).code;
  const errno = (error as { errno?: number }).errno;
  if (code === 'Z_BUF_ERROR' || errno === zlibConstants.Z_BUF_ERROR || /unexpected end/i.test(String((error as Error).message))) {
    return new TriageError('INVALID_INPUT', `${label} is truncated: the file ends early (it was probably not copied or downloaded completely).`);
  }
  return new TriageError('INVALID_INPUT', `${label} is damaged: its compressed data is corrupt.`);
}
