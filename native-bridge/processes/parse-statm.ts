/** /proc/PID/statm, in pages: total program size, resident, resident shared (file-backed + shmem). */
export interface StatmFields {
  sizePages: number;
  residentPages: number;
  sharedPages: number;
}

export function parseStatm(text: string): StatmFields | null {
  const f = text.trim().split(' ');
  if (f.length < 3) return null;
  const [size, resident, shared] = [Number(f[0]), Number(f[1]), Number(f[2])];
  if (!Number.isFinite(size) || !Number.isFinite(resident) || !Number.isFinite(shared)) return null;
  return { sizePages: size, residentPages: resident, sharedPages: shared };
}
