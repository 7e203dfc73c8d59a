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
  const readCounted = (limit?: number): { entries: AuditEntry[]; damaged: number } => {
    const tail = readTail(path);
    if (tail === null) return { entries: [], damaged: 0 };
    const lines = tail.text.split('\n');
    if (tail.partialFirst) lines.shift();
    const { entries, damaged } = parseEntries(lines);
    return { entries: limit !== undefined ? entries.slice(-limit) : entries, damaged };
  };
  return {
    path,
    append(entry) {
      const line = Buffer.from(`${JSON.stringify(AuditEntry.parse(entry))}\n`, 'utf8');
      const dir = dirname(path);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { fd, created } = openForAppend(path);
      try {
        appendRecord(fd, path, line);
      } finally {
        closeSync(fd);
      }
      // The new file's directory entry must survive a crash too.
      if (created) fsyncDirectory(dir);
    },
    read: (limit) => readCounted(limit).entries,
    readCounted,
  };
}

/** Created 0600 when it is not there; never through a symlink. */
function openForAppend(path: string): { fd: number; created: boolean } {
  try {
    return { fd: openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { fd: openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW), created: false };
  }
}

function appendRecord(fd: number, path: string, line: Buffer): void {
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
}

function fsyncDirectory(dir: string): void {
  const dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** The last MAX_READ_BYTES of the log (`partialFirst`: the first line is cut); null when there is no log yet. */
function readTail(path: string): { text: string; partialFirst: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const length = Math.min(stat.size, MAX_READ_BYTES);
    const start = stat.size - length;
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return { text: buf.toString('utf8', 0, got), partialFirst: start > 0 };
  } finally {
    closeSync(fd);
  }
}

function parseEntries(lines: readonly string[]): { entries: AuditEntry[]; damaged: number } {
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
  return { entries, damaged };
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
