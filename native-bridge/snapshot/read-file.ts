import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { TriageError } from '../contract/errors.js';
import type { SnapshotLimits } from '../common/snapshot-limits.js';
import { decodeSnapshot, type DecodedSnapshot } from './codec.js';

/** Compressed size cap: 15 minutes with thousands of processes is a few MB; 200 MB is far beyond any real one. */
export const MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024;

export interface ReadLimits extends Partial<SnapshotLimits> {
  maxBytes?: number;
}

export interface ReadSnapshot extends DecodedSnapshot {
  path: string;
  bytes: number;
}

/** Opens a snapshot as untrusted input: no symlink, no FIFO or device, size caps, then full validation. */
export async function readSnapshotFile(path: string, limits: ReadLimits = {}): Promise<ReadSnapshot> {
  const maxBytes = limits.maxBytes ?? MAX_SNAPSHOT_BYTES;
  if (path.includes('\0') || !path.startsWith('/')) throw new TriageError('INVALID_INPUT', `The snapshot path must be absolute: ${path}`);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw openError(error, path);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new TriageError('INVALID_INPUT', `${path} is a folder, not a snapshot file.`);
    if (stat.isFIFO()) throw new TriageError('INVALID_INPUT', `${path} is a named pipe (FIFO), not a snapshot file.`);
    if (stat.isCharacterDevice() || stat.isBlockDevice()) throw new TriageError('INVALID_INPUT', `${path} is a device, not a snapshot file.`);
    if (!stat.isFile()) throw new TriageError('INVALID_INPUT', `${path} is not a regular file.`);
    if (stat.size > maxBytes) {
      throw new TriageError('INVALID_INPUT', `${path} is too large (${Math.round(stat.size / 1024 ** 2)} MB); Triage opens snapshots up to ${Math.round(maxBytes / 1024 ** 2)} MB.`);
    }
    // Read at most one byte past the cap: the file may grow between fstat and read.
    const data = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(data, got, data.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got === data.length) throw new TriageError('INVALID_INPUT', `${path} grew while Triage was reading it; try again once it is complete.`);
    }
    const { maxBytes: _fileCap, ...inflateLimits } = limits;
    const decoded = await decodeSnapshot(data.subarray(0, got), path, inflateLimits);
    return { ...decoded, path, bytes: got };
  } finally {
    await handle.close();
  }
}

function openError(error: unknown, path: string): TriageError {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return new TriageError('NOT_FOUND', `There is no file at ${path}.`);
    case 'ELOOP':
      return new TriageError('REFUSED', `${path} is a symbolic link; open the file it points to instead.`);
    case 'EACCES':
    case 'EPERM':
      return new TriageError('EPERM', `Triage is not allowed to read ${path}.`);
    case 'ENOTDIR':
      return new TriageError('NOT_FOUND', `There is no file at ${path} (a part of the path is not a folder).`);
    default:
      return new TriageError('IO_ERROR', `Triage could not open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
