import { promisify } from 'node:util';
import { constants as zlibConstants, gunzip, gzip } from 'node:zlib';
import { TriageError } from '../contract/errors.js';
import { type Snapshot } from '../contract/snapshot.js';
import { decodeSnapshotJson, type DecodedSnapshot } from '../contract/snapshot-validate.js';

export type { DecodedSnapshot };

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Inflated size cap. The issue suggests 1 GB, but V8 cannot hold a string longer than ~512 MiB, so
 * JSON.parse could never read more: stop before that with a sentence instead of a crash.
 */
export const MAX_INFLATED_BYTES = 500 * 1024 * 1024;

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

/** Untrusted bytes to a validated snapshot; every failure is one sentence naming the file. */
export async function decodeSnapshot(data: Uint8Array, label: string, maxInflated = MAX_INFLATED_BYTES): Promise<DecodedSnapshot> {
  if (data.length === 0) throw new TriageError('INVALID_INPUT', `${label} is empty, so it is not a Triage snapshot.`);
  if (!isGzip(data)) throw new TriageError('INVALID_INPUT', `${label} is not a Triage snapshot: ${sniff(data)}.`);
  let inflated: Buffer;
  try {
    inflated = await gunzipAsync(data, { maxOutputLength: maxInflated });
  } catch (error) {
    throw inflateError(error, label, maxInflated);
  }
  return decodeSnapshotJson(inflated, label);
}

function inflateError(error: unknown, label: string, maxInflated: number): TriageError {
  const code = (error as NodeJS.ErrnoException).code;
  const errno = (error as { errno?: number }).errno;
  if (code === 'ERR_BUFFER_TOO_LARGE' || (error instanceof RangeError && /too large|larger than/i.test(error.message))) {
    return new TriageError('INVALID_INPUT', `${label} unpacks to more than ${Math.round(maxInflated / 1024 ** 2)} MB, more than Triage opens.`);
  }
  if (code === 'Z_BUF_ERROR' || errno === zlibConstants.Z_BUF_ERROR || /unexpected end/i.test(String((error as Error).message))) {
    return new TriageError('INVALID_INPUT', `${label} is truncated: the file ends early (it was probably not copied or downloaded completely).`);
  }
  return new TriageError('INVALID_INPUT', `${label} is damaged: its compressed data is corrupt.`);
}
