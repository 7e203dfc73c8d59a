import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TriageError } from '../contract/errors.js';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Writes a new file all at once or not at all: a temporary file in the same folder (created exclusively,
 * mode 0600, never through a symlink), written and fsynced, then linked to its name. Linking instead of
 * renaming refuses to replace an existing file, a planted symlink included.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<number> {
  const folder = dirname(path);
  const { handle, tempPath } = await createTemp(folder, basename(path), options.tempSuffix ?? (() => randomBytes(6).toString('hex')));
  try {
    try {
      await writeAll(handle, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await publish(tempPath, path);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw writeError(error, path);
  }
  await syncFolder(folder);
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

export interface AtomicWriteOptions {
  /** The random part of the temporary name (tests force collisions with it). */
  tempSuffix?: () => string;
}

async function createTemp(folder: string, name: string, suffix: () => string): Promise<{ handle: FileHandle; tempPath: string }> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  // A name someone planted (file or symlink) makes O_EXCL fail: take another random one.
  for (let attempt = 0; ; attempt++) {
    const tempPath = join(folder, `.${name}.${suffix()}.tmp`);
    try {
      return { handle: await open(tempPath, flags, 0o600), tempPath };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(error, join(folder, name));
      if (attempt >= 5) {
        throw new TriageError('REFUSED', `Triage could not create a temporary file for ${name} in ${folder}: every name it picked was already taken.`);
      }
    }
  }
}

async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

async function publish(tempPath: string, path: string): Promise<void> {
  try {
    await link(tempPath, path);
    await unlink(tempPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT on a USB stick): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    const existing = await lstat(path).catch(() => null);
    if (existing) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    await rename(tempPath, path);
  }
}

async function syncFolder(folder: string): Promise<void> {
  // The new name must survive a power cut too; not every file system lets a folder be fsynced.
  try {
    const dir = await open(folder, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Best effort: the data itself is already synced.
  }
}

export function writeError(error: unknown, path: string): TriageError {
  if (error instanceof TriageError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const folder = dirname(path);
  if (DISK_FULL.has(code)) return new TriageError('IO_ERROR', `The disk is full: nothing was written (${path}).`);
  switch (code) {
    case 'EEXIST':
      return new TriageError('REFUSED', `A file already exists at ${path}; Triage does not overwrite files. Choose another name.`);
    case 'ENOENT':
      return new TriageError('NOT_FOUND', `The folder ${folder} does not exist.`);
    case 'ENOTDIR':
      return new TriageError('INVALID_INPUT', `${folder} is not a folder.`);
    case 'EACCES':
    case 'EPERM':
      return new TriageError('EPERM', `Triage is not allowed to write in ${folder}.`);
    case 'EROFS':
      return new TriageError('IO_ERROR', `${folder} is on a read-only disk.`);
    case 'ELOOP':
      return new TriageError('REFUSED', `${path} is a symbolic link; Triage does not write through links.`);
    case 'EISDIR':
      return new TriageError('INVALID_INPUT', `${path} is a folder; give a file name.`);
    default:
      return new TriageError('IO_ERROR', `Triage could not write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
