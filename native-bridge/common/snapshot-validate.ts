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

export interface DecodedSnapshot {
  snapshot: Snapshot;
  /** Parts left out or ignored, in plain sentences. */
  problems: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parsed JSON (already inflated and JSON.parse'd) to a validated snapshot, part by part. Pure, so the backend's
 * node:zlib decoder and the page's DecompressionStream decoder share one set of checks and sentences.
 */
export function validateSnapshotJson(json: unknown, label: string): DecodedSnapshot {
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
  return { snapshot: { format: SNAPSHOT_FORMAT, version, meta: meta.data, parts }, problems };
}

/** Inflated bytes (strict UTF-8 JSON) to a validated snapshot: the step both decoders take after gunzip. */
export function decodeSnapshotJson(inflated: Uint8Array, label: string): DecodedSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    throw new TriageError('INVALID_INPUT', `${label} is gzip-compressed but does not hold JSON, so it is not a Triage snapshot.`);
  }
  return validateSnapshotJson(json, label);
}
