import { once } from 'node:events';
import { createGzip } from 'node:zlib';

/** gzip of head + unit×count + tail, built in 1 MB blocks so a 500 MB bomb never sits in memory uncompressed. */
export async function gzipRepeated(head: string, unit: string, count: number, tail: string): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  gzip.write(head);
  const perBlock = Math.max(1, Math.floor((1024 * 1024) / unit.length));
  const block = Buffer.from(unit.repeat(perBlock));
  for (let left = count; left > 0; left -= perBlock) {
    if (!gzip.write(left >= perBlock ? block : Buffer.from(unit.repeat(left)))) await once(gzip, 'drain');
  }
  gzip.end(tail);
  await ended;
  return Buffer.concat(out);
}

const HEAD = '{"format":"triage-snapshot","version":1,"meta":';

/** The first bomb: ~160 million empty objects (~480 MB inflated) in under 1 MB of gzip. */
export const manyEmptyObjects = (count = 160_000_000): Promise<Buffer> => gzipRepeated(`${HEAD}[`, '{},', count, '{}]}');

/** The second bomb: one string of ~490 MB. */
export const oneHugeString = (bytes = 490 * 1024 * 1024): Promise<Buffer> => gzipRepeated(`${HEAD}"`, 'A', bytes, '"}');
