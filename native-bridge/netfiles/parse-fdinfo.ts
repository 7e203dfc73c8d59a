export interface FdInfo {
  position: number;
  /** open(2) flags, from octal. */
  flags: number;
  mode: 'r' | 'w' | 'rw';
  mountId: number | null;
}

const O_ACCMODE = 3;

/** /proc/PID/fdinfo/N: `pos:\t0`, `flags:\t0100002` (octal), `mnt_id:\t24`, then type-specific lines. */
export function parseFdinfo(text: string): FdInfo | null {
  const pos = /^pos:\s+(\d+)/m.exec(text);
  const flags = /^flags:\s+([0-7]+)/m.exec(text);
  if (!pos || !flags) return null;
  const value = Number.parseInt(flags[1]!, 8);
  const access = value & O_ACCMODE;
  const mnt = /^mnt_id:\s+(\d+)/m.exec(text);
  return {
    position: Number(pos[1]),
    flags: value,
    mode: access === 0 ? 'r' : access === 1 ? 'w' : 'rw',
    mountId: mnt ? Number(mnt[1]) : null,
  };
}
