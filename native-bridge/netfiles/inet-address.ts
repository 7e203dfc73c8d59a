/**
 * /proc/net/tcp* print each address as 32-bit words in the kernel's byte order (%08X of a u32 read from
 * network-order bytes), so on little-endian machines every word is byte-reversed: 0100007F is 127.0.0.1.
 * IPv6 is four such words, each reversed on its own.
 */
export function decodeHexAddress(hex: string, littleEndian = true): string | null {
  if (hex.length !== 8 && hex.length !== 32) return null;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = Number.parseInt(hex.slice(w, w + 8), 16);
    if (!Number.isFinite(word) || !/^[0-9A-Fa-f]{8}$/.test(hex.slice(w, w + 8))) return null;
    const b = [(word >>> 24) & 255, (word >>> 16) & 255, (word >>> 8) & 255, word & 255];
    if (littleEndian) b.reverse();
    bytes.push(...b);
  }
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** RFC 5952 text: lowercase, the longest run (≥ 2) of zero groups as '::', IPv4-mapped as ::ffff:a.b.c.d. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** How a socket's address is written next to its port: IPv6 in brackets. */
export function joinHostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
