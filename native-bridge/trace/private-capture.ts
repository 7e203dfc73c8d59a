import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateCapture {
  dir: string;
  path: string;
  remove(): Promise<void>;
}

/**
 * A capture file nobody else can read or swap: a fresh 0700 directory from mkdtemp and the file
 * created there with O_EXCL|O_NOFOLLOW, mode 0600, before the tracer opens it.
 */
export async function createPrivateCapture(name: string, root: string = tmpdir()): Promise<PrivateCapture> {
  const dir = await mkdtemp(join(root, 'triage-trace-'));
  const path = join(dir, name);
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
  await handle.close();
  return { dir, path, remove: () => rm(dir, { recursive: true, force: true }) };
}
