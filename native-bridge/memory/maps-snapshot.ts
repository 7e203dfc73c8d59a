import { readFile } from 'node:fs/promises';
import { TriageError } from '../contract/errors.js';
import type { MapsSnapshot } from './compare-maps.js';
import { parseMaps, parseSmaps } from './parse-maps.js';
import { procPath } from '../procfs/pid-files.js';
import { isDenied, isGone } from '../procfs/read.js';

/**
 * Reads /proc/PID/smaps (resident size per mapping); where that is refused (another user's process),
 * /proc/PID/maps still gives the mappings and their virtual sizes.
 */
export async function captureMapsSnapshot(procRoot: string, pid: number, snapshotId: number, now = Date.now()): Promise<MapsSnapshot> {
  try {
    const text = await readFile(procPath(procRoot, pid, 'smaps'), 'latin1');
    return { snapshotId, pid, time: now, source: 'smaps', mappings: parseSmaps(text) };
  } catch (error) {
    if (isGone(error)) throw new TriageError('ESRCH', `Process ${pid} is not running (it may have exited).`);
    if (!isDenied(error)) throw new TriageError('IO_ERROR', `Could not read the memory map of process ${pid}.`, String(error));
  }
  try {
    const text = await readFile(procPath(procRoot, pid, 'maps'), 'latin1');
    return { snapshotId, pid, time: now, source: 'maps', mappings: parseMaps(text) };
  } catch (error) {
    if (isGone(error)) throw new TriageError('ESRCH', `Process ${pid} is not running (it may have exited).`);
    throw new TriageError('EPERM', `Triage may not read the memory map of process ${pid}: it belongs to another user.`, String(error));
  }
}
