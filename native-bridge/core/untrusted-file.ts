import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { TriageError } from '../contract/errors.js';
import type { ByteSource } from './elf.js';

export interface OpenedFile {
  handle: FileHandle;
  stat: Stats;
  source: ByteSource;
}

/** Largest core Triage agrees to analyse; bigger files are refused before gdb sees them. */
export const DEFAULT_MAX_CORE_BYTES = 64 * 1024 ** 3;

/** Checks a path that came from a user or another process before any file system call. */
export function checkAbsolutePath(path: string, what: string): void {
  if (path.includes('\0')) throw new TriageError('INVALID_INPUT', `The ${what} path contains a NUL character.`);
  if (!isAbsolute(path)) throw new TriageError('INVALID_INPUT', `The ${what} path must be absolute: ${path}`);
}

/**
 * Opens a file that may be hostile (a core, an executable named by a core): never through a final
 * symlink, never blocking on a FIFO, and only if fstat says it is a regular file of sane size.
 */
export async function openUntrusted(path: string, what: string, maxBytes: number, followLinks = false): Promise<OpenedFile> {
  checkAbsolutePath(path, what);
  let handle: FileHandle;
  try {
    const flags = constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : constants.O_NOFOLLOW);
    handle = await open(path, flags);
  } catch (error) {
    throw openError(error, path, what);
  }
  try {
    const stat = await handle.stat();
    const kind = stat.isDirectory()
      ? 'a folder'
      : stat.isFIFO()
        ? 'a named pipe (FIFO)'
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? 'a device'
          : stat.isSocket()
            ? 'a socket'
            : null;
    if (kind) throw new TriageError('INVALID_INPUT', `${path} is ${kind}, not a ${what} file.`);
    if (!stat.isFile()) throw new TriageError('INVALID_INPUT', `${path} is not a regular file.`);
    if (stat.size === 0) throw new TriageError('INVALID_INPUT', `${path} is empty, so it cannot be a ${what}.`);
    if (stat.size > maxBytes) {
      throw new TriageError('INVALID_INPUT', `${path} is too large (${stat.size} bytes); Triage opens ${what} files up to ${maxBytes} bytes.`);
    }
    return { handle, stat, source: handleSource(handle, stat.size) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function handleSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
  };
}

function openError(error: unknown, path: string, what: string): TriageError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new TriageError('NOT_FOUND', `There is no file at ${path}.`);
    case 'ELOOP':
      return new TriageError('INVALID_INPUT', `${path} is a symbolic link; open the ${what} file it points to instead.`);
    case 'EACCES':
    case 'EPERM':
      return new TriageError('EPERM', `Triage may not read ${path} (permission denied).`);
    case 'ENOTDIR':
      return new TriageError('NOT_FOUND', `A part of ${path} is not a folder.`);
    case 'ENXIO':
      return new TriageError('INVALID_INPUT', `${path} is a socket or device, not a ${what} file.`);
    default:
      return new TriageError('IO_ERROR', `Triage could not open ${path}.`, String(code ?? error));
  }
}
