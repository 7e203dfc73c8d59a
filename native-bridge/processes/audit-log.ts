import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AuditEntry } from '../contract/processes.js';
import { dataDirs } from '../shared/data-dirs.js';

/** The audit log's default place: <state dir>/audit.jsonl. */
export function defaultAuditPath(): string {
  return join(dataDirs().state, 'audit.jsonl');
}

/** Reading back never loads more than the newest part of a huge log. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export interface AuditLog {
  readonly path: string;
  /** Appends one line and fsyncs it; throws when the disk refuses. */
  append(entry: AuditEntry): void;
  /** Newest last; lines that do not parse (a torn last line after a crash) are skipped. */
  read(limit?: number): AuditEntry[];
  /** The same, with the number of damaged lines skipped (so a reader can say some were unreadable). */
  readCounted(limit?: number): { entries: AuditEntry[]; damaged: number };
}

/** Where an entry starts: every line is JSON.stringify of an AuditEntry, whose first key is time. */
const ENTRY_START = '{"time":';

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/**
 * JSON lines, append-only: opened with O_APPEND (so concurrent writers never interleave inside a line),
 * O_NOFOLLOW (a planted symlink is refused), created 0600 in a 0700 directory, and fsynced per entry
 * so an entry that was reported is on disk even if Triage is killed right after. Never rewritten; the one
 * exception is cutting back the part of a record the disk refused (ENOSPC), so no fragment stays behind.
 */
export function createAuditLog(path: string = defaultAuditPath()): AuditLog {
  return {
    path,
    append(entry) {
      const line = Buffer.from(`${JSON.stringify(AuditEntry.parse(entry))}\n`, 'utf8');
      const dir = dirname(path);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      let created = false;
      let fd: number;
      try {
        fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        created = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW);
      }
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
        // A crash or an older full disk may have left a fragment: start this record on a line of its own.
        const data = stat.size > 0 && !endsWithNewline(fd, stat.size) ? Buffer.concat([Buffer.from('\n'), line]) : line;
        try {
          writeAll(fd, data);
          fsyncSync(fd);
        } catch (error) {
          // A full disk may have taken part of the line: cut back to where it started so the next entry,
          // once there is space, is not glued to a fragment. (Best effort: the disk may refuse this too.)
          try {
            ftruncateSync(fd, stat.size);
            fsyncSync(fd);
          } catch {
            // the write error below is what the user needs to see
          }
          throw error;
        }
      } finally {
        closeSync(fd);
      }
      if (created) {
        // The new file's directory entry must survive a crash too.
        const dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
        try {
          fsyncSync(dirFd);
        } finally {
          closeSync(dirFd);
        }
      }
    },
    read(limit) {
      return readCounted(limit).entries;
    },
    readCounted,
  };

  function readCounted(limit?: number): { entries: AuditEntry[]; damaged: number } {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damaged: 0 };
      throw error;
    }
    let text: string;
    let partialFirst = false;
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
      const length = Math.min(stat.size, MAX_READ_BYTES);
      const start = stat.size - length;
      partialFirst = start > 0;
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      text = buf.toString('utf8', 0, got);
    } finally {
      closeSync(fd);
    }
    const lines = text.split('\n');
    if (partialFirst) lines.shift();
    const entries: AuditEntry[] = [];
    let damaged = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const entry = parseLine(line);
      if (entry) {
        entries.push(entry);
        continue;
      }
      damaged += 1;
      // An entry written onto a fragment (before fragments were cut back) is still whole at the end of the line.
      const start = line.lastIndexOf(ENTRY_START);
      const tail = start > 0 ? parseLine(line.slice(start)) : null;
      if (tail) entries.push(tail);
    }
    return { entries: limit !== undefined ? entries.slice(-limit) : entries, damaged };
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 0x0a;
}

function parseLine(line: string): AuditEntry | null {
  try {
    const parsed = AuditEntry.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
