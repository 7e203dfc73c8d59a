import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** One process's use during one minute, as stored (sizes in bytes, CPU in seconds). */
export interface StoredUse {
  id: number;
  cpuSeconds: number;
  rssAvg: number;
  rssMax: number;
  ioReadBytes: number;
  ioWriteBytes: number;
  seenMs: number;
}

export function encodeTop(uses: readonly StoredUse[]): Buffer {
  const body = {
    id: uses.map((u) => u.id),
    c: uses.map((u) => Math.round(u.cpuSeconds * 100)),
    ra: uses.map((u) => Math.round(u.rssAvg / 1024)),
    rm: uses.map((u) => Math.round(u.rssMax / 1024)),
    ir: uses.map((u) => Math.round(u.ioReadBytes)),
    iw: uses.map((u) => Math.round(u.ioWriteBytes)),
    s: uses.map((u) => Math.round(u.seenMs)),
  };
  return deflateRawSync(JSON.stringify(body));
}

export function decodeTop(blob: Buffer): StoredUse[] {
  const b = JSON.parse(inflateRawSync(blob).toString('utf8')) as Record<'id' | 'c' | 'ra' | 'rm' | 'ir' | 'iw' | 's', number[]>;
  return b.id.map((id, i) => ({
    id,
    cpuSeconds: b.c[i]! / 100,
    rssAvg: b.ra[i]! * 1024,
    rssMax: b.rm[i]! * 1024,
    ioReadBytes: b.ir[i]!,
    ioWriteBytes: b.iw[i]!,
    seenMs: b.s[i]!,
  }));
}
