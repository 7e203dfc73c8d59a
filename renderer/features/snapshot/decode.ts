import { TriageError } from '../../../native-bridge/contract/index.js';
import { decodeSnapshotJson, type DecodedSnapshot } from '../../../native-bridge/common/snapshot-validate.js';

export type { DecodedSnapshot };

const MB = 1024 * 1024;
/** A dropped file is read into the page's memory: far above any real snapshot (a few MB), far below what hurts a tab. */
export const MAX_DROPPED_BYTES = 50 * MB;
/** Same cap as the backend: V8 cannot hold a longer string, so JSON.parse could never read more. */
export const MAX_INFLATED_BYTES = 500 * MB;

export interface DecodeLimits {
  maxBytes?: number;
  maxInflatedBytes?: number;
}

const startsWith = (data: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => data[i] === b);

/** What a non-gzip file most likely is, so the sentence can say it (the backend's words). */
function sniff(head: Uint8Array): string {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'it is a PNG image';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'it is a program or a core dump (ELF)';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'it is a ZIP archive';
  const text = new TextDecoder('utf-8').decode(head).trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'it is plain JSON, and Triage snapshots are gzip-compressed';
  return 'it is not gzip-compressed';
}

class TooLarge extends Error {}

/** Inflates a gzip stream, stopping (and cancelling the read) as soon as the output passes the cap. */
async function inflate(stream: ReadableStream<Uint8Array>, maxInflated: number): Promise<Uint8Array> {
  // lib.dom types DecompressionStream's input as BufferSource, which pipeThrough will not pair with a byte stream.
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const reader = stream.pipeThrough(gunzip).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxInflated) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function inflateError(error: unknown, label: string, maxInflated: number): TriageError {
  if (error instanceof TooLarge) {
    return new TriageError('INVALID_INPUT', `${label} unpacks to more than ${Math.round(maxInflated / MB)} MB, more than Triage opens.`);
  }
  // Chromium: "Compressed input was truncated."; Node: "unexpected end of file" (Z_BUF_ERROR).
  const message = error instanceof Error ? error.message : String(error);
  if (/truncated|unexpected end/i.test(message) || (error as { code?: unknown }).code === 'Z_BUF_ERROR') {
    return new TriageError('INVALID_INPUT', `${label} is truncated: the file ends early (it was probably not copied or downloaded completely).`);
  }
  return new TriageError('INVALID_INPUT', `${label} is damaged: its compressed data is corrupt.`);
}

/**
 * A file the user dropped on the window (untrusted) to a validated snapshot, in the page itself: a browser
 * never tells a page where a dropped file is, so the backend cannot read it. Every failure is one sentence.
 */
export async function decodeSnapshotBlob(blob: Blob, label: string, limits: DecodeLimits = {}): Promise<DecodedSnapshot> {
  const maxBytes = limits.maxBytes ?? MAX_DROPPED_BYTES;
  const maxInflated = limits.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  if (blob.size === 0) throw new TriageError('INVALID_INPUT', `${label} is empty, so it is not a Triage snapshot.`);
  if (blob.size > maxBytes) {
    throw new TriageError(
      'INVALID_INPUT',
      `${label} is too large to open by dropping it (${Math.round(blob.size / MB)} MB; dropped snapshots can be up to ${Math.round(maxBytes / MB)} MB). Open it by its path instead.`,
    );
  }
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  if (!(head[0] === 0x1f && head[1] === 0x8b)) throw new TriageError('INVALID_INPUT', `${label} is not a Triage snapshot: ${sniff(head)}.`);
  let inflated: Uint8Array;
  try {
    inflated = await inflate(blob.stream(), maxInflated);
  } catch (error) {
    throw inflateError(error, label, maxInflated);
  }
  return decodeSnapshotJson(inflated, label);
}
