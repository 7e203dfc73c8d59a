import { lineEnd, readUints } from './scan.js';

/** Cumulative counters of one network interface since it came up. */
export interface NetCounters {
  name: string;
  rxBytes: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txErrors: number;
  txDrops: number;
}

/**
 * /proc/net/dev: two header lines, then `name: 8 receive counters, 8 transmit counters`.
 * Wide counters can touch the colon (`eth0:1234567890 …`), so the name ends at the colon, not at a space.
 * Names cannot contain ':' (the kernel refuses them), so the first colon is the right one.
 */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  const numbers: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const colon = text.indexOf(':', pos);
    // Header lines have `|` and no colon before it.
    if (colon !== -1 && colon < end) {
      const name = text.slice(pos, colon).trim();
      const n = readUints(text, colon + 1, end, numbers);
      if (name && n.length >= 12) {
        out.push({
          name,
          rxBytes: n[0]!,
          rxErrors: n[2]!,
          rxDrops: n[3]!,
          txBytes: n[8]!,
          txErrors: n[10]!,
          txDrops: n[11]!,
        });
      }
    }
    pos = end + 1;
  }
  return out;
}
