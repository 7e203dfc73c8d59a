import { describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { decodeSnapshotJson, validateSnapshotJson } from '../common/snapshot-validate.js';
import { syntheticSnapshot } from './test-support/synthetic.js';

const LABEL = 'incident.triage.json.gz';

function failure(json: unknown): TriageError {
  try {
    validateSnapshotJson(json, LABEL);
  } catch (error) {
    expect(error).toBeInstanceOf(TriageError);
    return error as TriageError;
  }
  throw new Error('expected a failure');
}

/** The checks both decoders (backend node:zlib, page DecompressionStream) run after JSON.parse. */
describe('validating a parsed snapshot', () => {
  it('returns a good snapshot unchanged, with no problems', () => {
    const snapshot = syntheticSnapshot({ samples: 30, processes: 50 });
    const decoded = validateSnapshotJson(JSON.parse(JSON.stringify(snapshot)), LABEL);
    expect(decoded.problems).toEqual([]);
    expect(decoded.snapshot).toEqual(snapshot);
  });

  it('leaves out a broken part, ignores an unknown one, and says both', () => {
    const snapshot = syntheticSnapshot();
    const decoded = validateSnapshotJson({ ...snapshot, parts: { ...snapshot.parts, audit: 'not a list', network: {} } }, LABEL);
    expect(decoded.snapshot.parts.audit).toBeUndefined();
    expect(decoded.snapshot.parts.metrics).toEqual(snapshot.parts.metrics);
    expect(decoded.problems).toEqual([
      'The audit part of this snapshot could not be read and is left out.',
      'This snapshot has parts this Triage does not know (network); they are ignored.',
    ]);
  });

  const snapshot = syntheticSnapshot();
  const bad: Array<[string, unknown, string, string]> = [
    ['an array', [], 'INVALID_INPUT', `${LABEL} holds JSON, but it is not a Triage snapshot.`],
    ['foreign JSON', { hello: 'world' }, 'INVALID_INPUT', `${LABEL} holds JSON, but it is not a Triage snapshot.`],
    ['no version', { ...snapshot, version: 'one' }, 'INVALID_INPUT', `${LABEL} is a damaged Triage snapshot: its format version is missing or invalid.`],
    ['version 0', { ...snapshot, version: 0 }, 'INVALID_INPUT', `${LABEL} is a damaged Triage snapshot: its format version is missing or invalid.`],
    [
      'a future version',
      { ...snapshot, version: 7 },
      'UNSUPPORTED',
      `${LABEL} was made by a newer Triage (snapshot format 7); this Triage reads format 2. Update Triage to open it.`,
    ],
    ['broken meta', { ...snapshot, meta: { host: 3 } }, 'INVALID_INPUT', `${LABEL} is a damaged Triage snapshot: its description (host, time, window) is unreadable.`],
  ];
  for (const [what, json, code, sentence] of bad) {
    it(`${what}: one sentence naming the file`, () => {
      const error = failure(json);
      expect(error.code).toBe(code);
      expect(error.message).toBe(sentence);
    });
  }
});

describe('decoding inflated snapshot bytes', () => {
  it('parses strict UTF-8 JSON and validates it', () => {
    const snapshot = syntheticSnapshot();
    expect(decodeSnapshotJson(new TextEncoder().encode(JSON.stringify(snapshot)), LABEL).snapshot).toEqual(snapshot);
  });

  it('refuses bytes that are not JSON, or not UTF-8, with one sentence', () => {
    const sentence = `${LABEL} is gzip-compressed but does not hold JSON, so it is not a Triage snapshot.`;
    expect(() => decodeSnapshotJson(new TextEncoder().encode('not json'), LABEL)).toThrow(sentence);
    expect(() => decodeSnapshotJson(new Uint8Array([0x22, 0xff, 0x22]), LABEL)).toThrow(sentence);
  });
});
