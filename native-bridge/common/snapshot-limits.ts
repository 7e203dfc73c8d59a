import { TriageError } from '../contract/errors.js';

export interface SnapshotLimits {
  /** Bytes after gunzip. */
  maxInflatedBytes: number;
  /** Objects, arrays and list items ("{", "[" and "," outside strings). */
  maxEntries: number;
  /** Longest single string, in UTF-8 bytes as written (escapes counted as written). */
  maxStringBytes: number;
}

const MB = 1024 * 1024;

/**
 * Caps sized from the largest snapshot Triage could write: one hour at 1 Hz on a 32-core machine with 2,000
 * processes, 20 per-process series over the hour, 10,000 audit entries, 10 traces, 5 cores and every note at
 * its maximum (snapshot/test-support/largest.ts; the app's history holds 30 minutes, so this is already
 * twice what it keeps). It measures 26.4 MB inflated (1.8 MB on disk), 1.92 million entries and a longest
 * string of 20,000 bytes. The caps give 2.4x on size, 2.1x on entries and 50x on strings, and bound what a
 * refused file can cost to about 64 MB of buffers (a crafted file used to reach 5-6 GB).
 * A snapshot of a recorded window (format 2) is bounded to fit too: at most 600 points per series and
 * frames within 40,000 rows and 24 MiB (contract/snapshot-history.ts). Its largest (snapshot/test-support/
 * largest-past.ts: 300 series, 30 frames of 1,333 processes or 5 of 2,000 with 2 KB command lines, plus the
 * audit, traces, cores and notes above) measures 29-31 MiB inflated and at most 1.74 million entries.
 */
export const SNAPSHOT_LIMITS: SnapshotLimits = {
  maxInflatedBytes: 64 * MB,
  maxEntries: 4_000_000,
  maxStringBytes: 1 * MB,
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const COMMA = 0x2c;

/**
 * Counts JSON structure while the bytes arrive, before anything is parsed, so a file made of millions of
 * empty objects or one enormous string is refused after reading only as much as the limits allow.
 * Not a validator: JSON.parse still decides whether the text is JSON; this only bounds what it will build.
 */
export class SnapshotScanner {
  private inString = false;
  private escaped = false;
  private stringBytes = 0;
  bytes = 0;
  entries = 0;
  longestString = 0;

  constructor(
    private readonly label: string,
    private readonly limits: SnapshotLimits = SNAPSHOT_LIMITS,
  ) {}

  /** Throws the user's sentence as soon as a limit is passed. */
  feed(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxInflatedBytes) throw this.refusal(`expands to more than ${Math.round(this.limits.maxInflatedBytes / MB)} MB`);
    let { inString, escaped, stringBytes, entries } = this;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (stringBytes > this.longestString) this.longestString = stringBytes;
          continue;
        }
        if (++stringBytes > this.limits.maxStringBytes) throw this.refusal(`holds a text longer than ${Math.round(this.limits.maxStringBytes / MB)} MB`);
      } else if (b === QUOTE) {
        inString = true;
        stringBytes = 0;
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY || b === COMMA) {
        if (++entries > this.limits.maxEntries) throw this.refusal(`has more than ${this.limits.maxEntries.toLocaleString('en-US')} entries`);
      }
    }
    Object.assign(this, { inString, escaped, stringBytes, entries });
  }

  private refusal(what: string): TriageError {
    return new TriageError('INVALID_INPUT', `${this.label} ${what}: it is not a Triage snapshot, or it is damaged.`);
  }
}
