import type { DiskIoResult, ProcessIo } from '../contract/netfiles.js';
import type { IdNames } from '../procfs/id-names.js';
import { parseIo, type IoFields } from '../procfs/parse-io.js';
import { listPids, readProcText } from '../procfs/read.js';
import { createFactsReader, type ProcessFacts } from './process-facts.js';
import { describeUnreadable } from './unreadable.js';

export interface IoSample {
  /** performance.now()-style monotonic ms, so a clock change never makes a negative rate. */
  at: number;
  time: number;
  processes: Map<number, { facts: ProcessFacts; io: IoFields }>;
  denied: number;
}

/** /proc/PID/io of every process; another user's is unreadable without privilege and only counted. */
export function sampleIo(procRoot: string, users: IdNames, at: number, time: number): IoSample {
  const facts = createFactsReader(procRoot, users);
  const processes = new Map<number, { facts: ProcessFacts; io: IoFields }>();
  let denied = 0;
  for (const pid of listPids(procRoot)) {
    const read = readProcText(`${procRoot}/${pid}/io`);
    if (!read.ok) {
      if (read.why === 'denied') denied++;
      continue;
    }
    const io = parseIo(read.text);
    const f = io ? facts(pid) : null;
    if (io && f) processes.set(pid, { facts: f, io });
  }
  return { at, time, processes, denied };
}

/** Per-process rates between two samples, ranked by storage bytes then all bytes; idle processes are left out. */
export function ioRates(previous: IoSample, current: IoSample, limit = 10_000): DiskIoResult {
  const seconds = (current.at - previous.at) / 1000;
  const rows: ProcessIo[] = [];
  if (seconds > 0) {
    for (const [pid, now] of current.processes) {
      const before = previous.processes.get(pid);
      // A reused pid is a new process: its counters start from zero, not from the old one's.
      if (!before || before.facts.startTime !== now.facts.startTime) continue;
      const rate = (a: number, b: number): number => Math.max(0, a - b) / seconds;
      const row: ProcessIo = {
        pid,
        startTime: now.facts.startTime,
        name: now.facts.name,
        user: now.facts.user,
        readBytesPerSec: rate(now.io.readBytes, before.io.readBytes),
        writeBytesPerSec: rate(now.io.writeBytes, before.io.writeBytes),
        readCharsPerSec: rate(now.io.rchar, before.io.rchar),
        writeCharsPerSec: rate(now.io.wchar, before.io.wchar),
        readBytesTotal: now.io.readBytes,
        writeBytesTotal: now.io.writeBytes,
      };
      if (row.readBytesPerSec + row.writeBytesPerSec + row.readCharsPerSec + row.writeCharsPerSec > 0) rows.push(row);
    }
  }
  rows.sort(
    (a, b) =>
      b.readBytesPerSec + b.writeBytesPerSec - (a.readBytesPerSec + a.writeBytesPerSec) ||
      b.readCharsPerSec + b.writeCharsPerSec - (a.readCharsPerSec + a.writeCharsPerSec) ||
      a.pid - b.pid,
  );
  return {
    time: current.time,
    intervalMs: Math.round(seconds * 1000),
    processes: rows.slice(0, limit),
    unreadable: describeUnreadable(current.denied, 0, 'processes'),
  };
}
