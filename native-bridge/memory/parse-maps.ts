import { parseKbFields } from './parse-smaps-rollup.js';

/** Kinds of mapping a person can name when asking "what grew?". */
export type MappingGroup = 'heap' | 'anonymous' | 'stack' | 'library' | 'file' | 'shared-memory' | 'kernel' | 'other';

export interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  inode: number;
  /** Path or pseudo-name ([heap], [stack]); '' for anonymous memory. " (deleted)" is kept. */
  path: string;
  group: MappingGroup;
  sizeBytes: number;
  /** Resident bytes; null when only /proc/PID/maps could be read. */
  rssBytes: number | null;
  anonBytes: number | null;
  swapBytes: number | null;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S{4})\s+([0-9a-f]+)\s+\S+\s+(\d+)\s*(.*)$/;

export function classifyMapping(path: string): MappingGroup {
  if (path === '') return 'anonymous';
  if (path === '[heap]') return 'heap';
  if (path === '[stack]' || path.startsWith('[stack:')) return 'stack';
  if (path.startsWith('[anon')) return 'anonymous'; // [anon:name] from PR_SET_VMA, [anon_shmem:…]
  if (path === '[vdso]' || path === '[vvar]' || path === '[vsyscall]' || path.startsWith('[vvar')) return 'kernel';
  if (path.startsWith('[')) return 'other';
  if (path.startsWith('/dev/shm/') || path.startsWith('/memfd:') || path.startsWith('/SYSV')) return 'shared-memory';
  const file = path.replace(/ \(deleted\)$/, '');
  if (/\.so(\.[0-9.]+)?$/.test(file) || /\/ld-linux[^/]*$/.test(file)) return 'library';
  return 'file';
}

function parseHeader(line: string): Mapping | null {
  const m = line.match(HEADER);
  if (!m) return null;
  const start = BigInt(`0x${m[1]}`);
  const end = BigInt(`0x${m[2]}`);
  const path = m[6]!.trim();
  return {
    start,
    end,
    perms: m[3]!,
    offset: BigInt(`0x${m[4]}`),
    inode: Number(m[5]),
    path,
    group: classifyMapping(path),
    sizeBytes: Number(end - start),
    rssBytes: null,
    anonBytes: null,
    swapBytes: null,
  };
}

/** /proc/PID/maps: address ranges and names only (sizes are virtual). */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const mapping = parseHeader(line);
    if (mapping) out.push(mapping);
  }
  return out;
}

/** /proc/PID/smaps: each maps line followed by "Key: N kB" lines for that mapping. */
export function parseSmaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  let current: Mapping | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (!current) return;
    const f = parseKbFields(body.join('\n'));
    current.rssBytes = f.get('Rss') ?? 0;
    current.anonBytes = f.get('Anonymous') ?? 0;
    current.swapBytes = f.get('Swap') ?? 0;
    out.push(current);
  };
  for (const line of text.split('\n')) {
    // Field lines start with a capitalised key; header lines start with a hex address.
    const header = /^[0-9a-f]+-[0-9a-f]+ /.test(line) ? parseHeader(line) : null;
    if (header) {
      flush();
      current = header;
      body = [];
    } else if (current) {
      body.push(line);
    }
  }
  flush();
  return out;
}
