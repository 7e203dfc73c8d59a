import { statfsSync } from 'node:fs';
import type { Filesystem } from '../contract/netfiles.js';
import { readProcText } from './read.js';
import { parseMountinfo, type Mount } from './parse-mountinfo.js';

// Kernel views and special mounts: no disk space to speak of.
const PSEUDO = new Set([
  'proc', 'sysfs', 'devpts', 'cgroup', 'cgroup2', 'mqueue', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf',
  'configfs', 'fusectl', 'hugetlbfs', 'autofs', 'binfmt_misc', 'nsfs', 'rpc_pipefs', 'efivarfs', 'selinuxfs', 'ramfs',
  'fuse.gvfsd-fuse', 'fuse.portal', 'squashfs', 'devtmpfs',
]);

export function readMounts(procRoot: string): Mount[] {
  const read = readProcText(`${procRoot}/self/mountinfo`);
  return read.ok ? parseMountinfo(read.text) : [];
}

/** Use and inodes of every real filesystem, once per device (bind mounts of the same one are skipped). */
export function readFilesystems(mounts: readonly Mount[]): Filesystem[] {
  const seen = new Set<string>();
  const out: Filesystem[] = [];
  for (const m of mounts) {
    if (PSEUDO.has(m.fsType)) continue;
    const device = `${m.major}:${m.minor}`;
    if (seen.has(device)) continue;
    let s;
    try {
      s = statfsSync(m.mountPoint);
    } catch {
      continue; // a stale network mount or one hidden under another
    }
    if (s.blocks === 0) continue;
    seen.add(device);
    const used = (s.blocks - s.bfree) * s.bsize;
    const available = s.bavail * s.bsize;
    const inodesUsed = s.files - s.ffree;
    out.push({
      mountPoint: m.mountPoint,
      source: m.source,
      fsType: m.fsType,
      sizeBytes: s.blocks * s.bsize,
      usedBytes: used,
      availableBytes: available,
      usedPercent: used + available > 0 ? (used / (used + available)) * 100 : 0,
      inodesTotal: s.files,
      inodesUsed,
      inodesPercent: s.files > 0 ? (inodesUsed / s.files) * 100 : null,
      deletedOpenBytes: 0,
    });
  }
  return out;
}
