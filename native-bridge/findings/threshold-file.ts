import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Far above any real findings.json (20 rules × 4 numbers): anything bigger is not a hand edit. */
export const MAX_THRESHOLD_FILE_BYTES = 64 * 1024;

export type ThresholdFileRead = { state: 'missing' } | { state: 'read'; value: unknown } | { state: 'damaged'; problem: string };

/**
 * Reads findings.json as hostile input: a symlink, a FIFO or a device is refused without being opened
 * for reading (O_NOFOLLOW, O_NONBLOCK), a huge file without being read, and bad JSON is reported.
 */
export function readThresholdFile(file: string): ThresholdFileRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    if (code === 'ELOOP') return { state: 'damaged', problem: `${file} is a symbolic link, which Triage does not follow: defaults used` };
    return { state: 'damaged', problem: `${file} could not be read (${(error as Error).message}): defaults used` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { state: 'damaged', problem: `${file} is not a regular file: defaults used` };
    if (stat.size > MAX_THRESHOLD_FILE_BYTES) {
      return { state: 'damaged', problem: `${file} is ${stat.size} bytes, more than the ${MAX_THRESHOLD_FILE_BYTES} a thresholds file can be: defaults used` };
    }
    const buffer = Buffer.alloc(MAX_THRESHOLD_FILE_BYTES + 1);
    let length = 0;
    // A file growing while read is cut at the limit rather than read without end.
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_THRESHOLD_FILE_BYTES) return { state: 'damaged', problem: `${file} grew past ${MAX_THRESHOLD_FILE_BYTES} bytes while read: defaults used` };
    try {
      return { state: 'read', value: JSON.parse(buffer.subarray(0, length).toString('utf8')) as unknown };
    } catch (error) {
      return { state: 'damaged', problem: `${file} is not valid JSON (${(error as Error).message}): defaults used` };
    }
  } catch (error) {
    return { state: 'damaged', problem: `${file} could not be read (${(error as Error).message}): defaults used` };
  } finally {
    closeSync(fd);
  }
}
