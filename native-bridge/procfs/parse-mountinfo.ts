export interface Mount {
  id: number;
  parentId: number;
  major: number;
  minor: number;
  /** The directory of the filesystem that is mounted here (not '/' for bind mounts). */
  root: string;
  mountPoint: string;
  fsType: string;
  source: string;
}

/** Mount points escape space, tab, newline and backslash as \040 \011 \012 \134. */
function unescape(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** /proc/PID/mountinfo: `id parent major:minor root mountpoint options [optional…] - fstype source superoptions`. */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    if (f.length < 10 || dash === -1 || dash + 2 >= f.length) continue;
    const dev = f[2]!.split(':');
    const mount: Mount = {
      id: Number(f[0]),
      parentId: Number(f[1]),
      major: Number(dev[0]),
      minor: Number(dev[1]),
      root: unescape(f[3]!),
      mountPoint: unescape(f[4]!),
      fsType: f[dash + 1]!,
      source: unescape(f[dash + 2]!),
    };
    if (Number.isInteger(mount.id) && Number.isInteger(mount.major) && Number.isInteger(mount.minor)) out.push(mount);
  }
  return out;
}

/** The mount a path sits on: the longest mount point that is the path or one of its parents; the last such mount wins (it is on top). */
export function mountOfPath(path: string, mounts: readonly Mount[]): Mount | null {
  let best: Mount | null = null;
  for (const m of mounts) {
    const inside = m.mountPoint === '/' || path === m.mountPoint || path.startsWith(`${m.mountPoint}/`);
    if (inside && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** Linux dev_t (as fs.stat reports it) to major:minor, the pair mountinfo prints. */
export function splitDevice(dev: number): { major: number; minor: number } {
  const big = BigInt(dev);
  const major = Number(((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn));
  const minor = Number((big & 0xffn) | ((big >> 12n) & ~0xffn));
  return { major, minor };
}
