import { statSync } from 'node:fs';
import type { DeletedFile, Filesystem, Finding, RestartGain } from '../contract/netfiles.js';
import { holdersOf } from './holders.js';
import { splitDevice, type Mount } from '../procfs/parse-mountinfo.js';
import type { ProcessFacts } from './process-facts.js';
import type { DeletedRef, FdRef } from './sweep.js';
import { formatBytes, plural } from './units.js';

interface Group {
  path: string;
  size: number;
  allocated: number;
  dev: number;
  refs: FdRef[];
}

/** The mount that shows a device: its whole filesystem ('/' root) rather than a bind mount of part of it. */
export function mountOfDevice(dev: number, mounts: readonly Mount[]): Mount | null {
  const { major, minor } = splitDevice(dev);
  let best: Mount | null = null;
  for (const m of mounts) {
    if (m.major !== major || m.minor !== minor) continue;
    if (!best || (m.root === '/' && best.root !== '/') || (m.root === best.root && m.mountPoint.length < best.mountPoint.length)) best = m;
  }
  return best;
}

/**
 * Deleted files still open, one entry per file (grouped by device and inode, however many descriptors and
 * processes hold it), ranked by the space they occupy. stat through /proc/PID/fd/N reaches the file itself;
 * a link count above 0 means another name still exists, so closing it would free nothing.
 */
export function collectDeletedFiles(
  procRoot: string,
  refs: readonly DeletedRef[],
  facts: (pid: number) => ProcessFacts | null,
  mounts: readonly Mount[],
): { files: DeletedFile[]; byProcess: RestartGain[]; totalAllocatedBytes: number } {
  const groups = new Map<string, Group>();
  for (const ref of refs) {
    let st;
    try {
      st = statSync(`${procRoot}/${ref.pid}/fd/${ref.fd}`);
    } catch {
      continue; // closed or exited since the walk
    }
    if (st.nlink !== 0 || !st.isFile()) continue;
    const key = `${st.dev}:${st.ino}`;
    const group = groups.get(key);
    if (group) group.refs.push(ref);
    else groups.set(key, { path: ref.path, size: st.size, allocated: st.blocks * 512, dev: st.dev, refs: [ref] });
  }
  const files: DeletedFile[] = [];
  const gains = new Map<number, { bytes: number; files: number; mount: string | null }>();
  for (const g of groups.values()) {
    const holders = holdersOf(g.refs, facts);
    if (holders.length === 0) continue;
    const mount = mountOfDevice(g.dev, mounts);
    files.push({
      path: g.path,
      sizeBytes: g.size,
      allocatedBytes: g.allocated,
      holders,
      filesystem: mount ? { mountPoint: mount.mountPoint, fsType: mount.fsType, source: mount.source } : null,
    });
    // Restarting one process frees a file only when no other process holds it too.
    if (holders.length === 1) {
      const pid = holders[0]!.pid;
      const gain = gains.get(pid) ?? { bytes: 0, files: 0, mount: mount?.mountPoint ?? null };
      gain.bytes += g.allocated;
      gain.files++;
      gains.set(pid, gain);
    }
  }
  files.sort((a, b) => b.allocatedBytes - a.allocatedBytes || b.sizeBytes - a.sizeBytes);
  const byProcess: RestartGain[] = [];
  for (const [pid, gain] of gains) {
    const f = facts(pid);
    if (!f) continue;
    const where = gain.mount ? ` on ${gain.mount}` : '';
    byProcess.push({
      pid,
      startTime: f.startTime,
      name: f.name,
      user: f.user,
      restartGainBytes: gain.bytes,
      files: gain.files,
      sentence: `Restarting ${f.name} (pid ${pid}) gives back ${formatBytes(gain.bytes)}${where} held by ${plural(gain.files, 'deleted file')}.`,
    });
  }
  byProcess.sort((a, b) => b.restartGainBytes - a.restartGainBytes || a.pid - b.pid);
  return { files, byProcess, totalAllocatedBytes: files.reduce((sum, f) => sum + f.allocatedBytes, 0) };
}

export interface DiskThresholds {
  /** A filesystem at least this full (percent, as df says)… */
  fullPercent: number;
  /** …where deleted-open files hold at least this share of its size is a finding. */
  deletedShare: number;
}

export const DEFAULT_DISK_THRESHOLDS: DiskThresholds = { fullPercent: 90, deletedShare: 0.05 };

/** "/var is 96 % full and 12 GiB of it is held by deleted files still open; restarting …". */
export function deletedFindings(
  filesystems: readonly Filesystem[],
  files: readonly DeletedFile[],
  t: DiskThresholds = DEFAULT_DISK_THRESHOLDS,
): Finding[] {
  const out: Finding[] = [];
  for (const fs of filesystems) {
    if (fs.usedPercent < t.fullPercent || fs.sizeBytes === 0 || fs.deletedOpenBytes < fs.sizeBytes * t.deletedShare) continue;
    const perPid = new Map<number, { name: string; startTime: number; bytes: number }>();
    for (const f of files) {
      if (f.filesystem?.mountPoint !== fs.mountPoint || f.holders.length !== 1) continue;
      const h = f.holders[0]!;
      const entry = perPid.get(h.pid) ?? { name: h.name, startTime: h.startTime, bytes: 0 };
      entry.bytes += f.allocatedBytes;
      perPid.set(h.pid, entry);
    }
    const top = [...perPid].sort((a, b) => b[1].bytes - a[1].bytes)[0];
    const advice = top ? `; restarting ${top[1].name} (pid ${top[0]}) gives back ${formatBytes(top[1].bytes)}` : '';
    out.push({
      kind: 'deleted-files',
      severity: fs.usedPercent >= 97 ? 'critical' : 'warning',
      ...(top ? { pid: top[0], startTime: top[1].startTime, name: top[1].name } : {}),
      count: fs.deletedOpenBytes,
      growing: false,
      sentence: `${fs.mountPoint} is ${Math.round(fs.usedPercent)} % full and ${formatBytes(fs.deletedOpenBytes)} of it is held by deleted files that are still open (du cannot see them)${advice}.`,
    });
  }
  return out;
}
