import { promisify } from 'node:util';
import { constants as zlibConstants, gunzip, gzip } from 'node:zlib';
import { TriageError } from '../contract/errors.js';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_PART_NAMES,
  SNAPSHOT_VERSION,
  SnapshotMeta,
  SnapshotPartSchemas,
  type Snapshot,
  type SnapshotParts,
} from '../contract/snapshot.js';

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

export interface DecodedSnapshot {
  snapshot: Snapshot;
  /** Parts left out or ignored, in plain sentences. */
  problems: string[];
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
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    throw new TriageError('INVALID_INPUT', `${label} is gzip-compressed but does not hold JSON, so it is not a Triage snapshot.`);
  }
  return validate(json, label);
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function validate(json: unknown, label: string): DecodedSnapshot {
  if (!isRecord(json) || json.format !== SNAPSHOT_FORMAT) {
    throw new TriageError('INVALID_INPUT', `${label} holds JSON, but it is not a Triage snapshot.`);
  }
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new TriageError('INVALID_INPUT', `${label} is a damaged Triage snapshot: its format version is missing or invalid.`);
  }
  if (version > SNAPSHOT_VERSION) {
    throw new TriageError(
      'UNSUPPORTED',
      `${label} was made by a newer Triage (snapshot format ${version}); this Triage reads format ${SNAPSHOT_VERSION}. Update Triage to open it.`,
    );
  }
  const meta = SnapshotMeta.safeParse(json.meta);
  if (!meta.success) {
    throw new TriageError('INVALID_INPUT', `${label} is a damaged Triage snapshot: its description (host, time, window) is unreadable.`, meta.error.message.slice(0, 2000));
  }
  const rawParts = isRecord(json.parts) ? json.parts : {};
  const parts: SnapshotParts = {};
  const problems: string[] = [];
  for (const name of SNAPSHOT_PART_NAMES) {
    if (!Object.hasOwn(rawParts, name) || rawParts[name] === undefined) continue;
    const parsed = SnapshotPartSchemas[name].safeParse(rawParts[name]);
    if (parsed.success) Object.assign(parts, { [name]: parsed.data });
    else problems.push(`The ${name} part of this snapshot could not be read and is left out.`);
  }
  const unknown = Object.keys(rawParts).filter((name) => !(SNAPSHOT_PART_NAMES as string[]).includes(name));
  if (unknown.length > 0) problems.push(`This snapshot has parts this Triage does not know (${unknown.slice(0, 10).join(', ')}); they are ignored.`);
  return { snapshot: { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, meta: meta.data, parts }, problems };
}
