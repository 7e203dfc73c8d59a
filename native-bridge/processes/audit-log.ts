import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
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
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/**
 * JSON lines, append-only: opened with O_APPEND (so concurrent writers never interleave inside a line),
 * O_NOFOLLOW (a planted symlink is refused), created 0600 in a 0700 directory, and fsynced per entry
 * so an entry that was reported is on disk even if Triage is killed right after. Never rewritten.
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
        fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        created = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
      }
      try {
        if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
        writeAll(fd, line);
        fsyncSync(fd);
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
      let fd: number;
      try {
        fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
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
      for (const line of lines) {
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = AuditEntry.safeParse(value);
        if (parsed.success) entries.push(parsed.data);
      }
      return limit !== undefined ? entries.slice(-limit) : entries;
    },
  };
}
