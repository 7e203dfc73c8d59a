import { plural } from './numbers.js';

/** The noun for each kind of open descriptor, singular and plural ("1 socket", "3 directories"). */
const DESCRIPTOR_NOUNS: Record<string, readonly [string, string]> = {
  file: ['file', 'files'],
  directory: ['directory', 'directories'],
  socket: ['socket', 'sockets'],
  pipe: ['pipe', 'pipes'],
  device: ['device', 'devices'],
  anon: ['anonymous inode', 'anonymous inodes'],
  memfd: ['memory file', 'memory files'],
  other: ['other', 'others'],
};

/** { file: 12, socket: 1 } → ["12 files", "1 socket"], largest first. */
export function descriptorCounts(counts: Readonly<Record<string, number>>): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => {
      const [one, many] = DESCRIPTOR_NOUNS[type] ?? [type, `${type}s`];
      return plural(n, one, many);
    });
}
