import type { DeletedFile, ProcessIo, RestartGain } from '../../../native-bridge/contract/index.js';

/** Largest first by the space deleting would free (allocated blocks), then by apparent size, then path. */
export function rankDeleted(files: readonly DeletedFile[]): DeletedFile[] {
  return [...files].sort((a, b) => b.allocatedBytes - a.allocatedBytes || b.sizeBytes - a.sizeBytes || a.path.localeCompare(b.path));
}

/** Processes whose restart frees the most, dropping those that free nothing on their own. */
export function rankRestartGains(byProcess: readonly RestartGain[], limit = Infinity): RestartGain[] {
  return byProcess
    .filter((g) => g.restartGainBytes > 0)
    .sort((a, b) => b.restartGainBytes - a.restartGainBytes || a.pid - b.pid)
    .slice(0, limit);
}

export type IoSort = 'total' | 'read' | 'write' | 'chars';

const ioValue: Record<IoSort, (p: ProcessIo) => number> = {
  total: (p) => p.readBytesPerSec + p.writeBytesPerSec,
  read: (p) => p.readBytesPerSec,
  write: (p) => p.writeBytesPerSec,
  chars: (p) => p.readCharsPerSec + p.writeCharsPerSec,
};

/** iotop's ranking: busiest first by the chosen rate; ties by pid so rows do not jump between refreshes. */
export function rankIo(processes: readonly ProcessIo[], by: IoSort): ProcessIo[] {
  const value = ioValue[by];
  return [...processes].sort((a, b) => value(b) - value(a) || a.pid - b.pid);
}
