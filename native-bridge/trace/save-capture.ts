import { constants, promises as fs } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TriageError } from '../contract/errors.js';

/**
 * Copies a live capture out of its private, short-lived folder to where the user keeps it. The copy
 * never replaces or follows anything already at the destination (COPYFILE_EXCL opens with O_EXCL).
 */
export async function saveCaptureCopy(capturePath: string, destination: string): Promise<{ path: string; bytes: number }> {
  if (!isAbsolute(destination)) throw new TriageError('INVALID_INPUT', 'Give the full path (starting with /) where the capture should be saved.');
  try {
    await fs.copyFile(capturePath, destination, constants.COPYFILE_EXCL);
    await fs.chmod(destination, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TriageError('REFUSED', `${destination} already exists; Triage never replaces a file. Choose another name.`);
    if (code === 'ENOENT') throw new TriageError('NOT_FOUND', `The folder for ${destination} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM') throw new TriageError('EPERM', `You may not write to ${destination}.`);
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      await fs.rm(destination, { force: true });
      throw new TriageError('IO_ERROR', 'The disk is full: the capture was not saved.');
    }
    throw new TriageError('IO_ERROR', `The capture could not be saved to ${destination}: ${(error as Error).message}`);
  }
  const { size } = await fs.stat(destination);
  return { path: destination, bytes: size };
}

/** Where a capture goes when the user names no file: the private state folder, under a unique name. */
export async function defaultCaptureDestination(stateDir: string, sessionId: string, tool: string): Promise<string> {
  const folder = join(stateDir, 'captures');
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(folder, `${tool}-${sessionId.replace(/[^A-Za-z0-9_-]/g, '')}-${stamp}.txt`);
}
