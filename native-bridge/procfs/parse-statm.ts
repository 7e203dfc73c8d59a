/** /proc/PID/statm, in pages: total program size, resident, resident shared (file-backed + shmem). */
export interface StatmFields {
  sizePages: number;
  residentPages: number;
  sharedPages: number;
}

/** Null when the text is not a statm line. All zeros is valid: a kernel thread or an exiting process. */
export function parseStatm(text: string): StatmFields | null {
  const f = text.trim().split(/\s+/);
  if (f.length < 3) return null;
  const [size, resident, shared] = [Number(f[0]), Number(f[1]), Number(f[2])];
  if (!Number.isFinite(size) || !Number.isFinite(resident) || !Number.isFinite(shared)) return null;
  return { sizePages: size, residentPages: resident, sharedPages: shared };
}

/** Resident pages straight from the bytes (the second number), without building strings; -1 when absent. */
export function statmRssPages(buf: Uint8Array, length: number): number {
  let i = 0;
  while (i < length && buf[i] !== 0x20) i++;
  i++;
  let pages = 0;
  let digits = 0;
  for (; i < length; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    pages = pages * 10 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? -1 : pages;
}
