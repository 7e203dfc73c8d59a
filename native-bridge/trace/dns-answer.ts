/**
 * Reads the DNS answer a program received, from the payload strace prints for `recvfrom`/`recvmsg` on a
 * socket talking to port 53. The call itself succeeds (it received bytes); whether the name exists is in
 * the header's rcode, which a person never sees in the raw line.
 */

export interface DnsAnswer {
  id: number;
  /** 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED… */
  rcode: number;
  answers: number;
  /** The first question's name, or null when the payload shown is too short to hold it. */
  name: string | null;
}

/**
 * The raw bytes of a C string literal as strace prints it (`"*k\201\203\0\1"`); a trailing `...` (cut by
 * -s) is dropped. Unlike decodeCString this keeps bytes as bytes: a DNS header is not text.
 */
export function decodeCBytes(text: string): Uint8Array {
  let s = text;
  if (s.endsWith('...')) s = s.slice(0, -3);
  if (s.startsWith('"')) s = s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined);
  const out: number[] = [];
  const ESC: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27 };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) out.push(b);
      continue;
    }
    const next = s[++i];
    if (next === undefined) break;
    if (next in ESC) out.push(ESC[next]!);
    else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3))?.[0] ?? '';
      out.push(hex ? parseInt(hex, 16) : 120);
      i += hex.length;
    } else if (next >= '0' && next <= '7') {
      let oct = next;
      while (oct.length < 3 && s[i + 1] !== undefined && s[i + 1]! >= '0' && s[i + 1]! <= '7') oct += s[++i];
      out.push(parseInt(oct, 8) & 0xff);
    } else out.push(next.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

/** The header and first question of a DNS message, or null when fewer than 12 bytes are shown or it is a query. */
export function parseDnsAnswer(bytes: Uint8Array): DnsAnswer | null {
  if (bytes.length < 12) return null;
  // QR bit: 1 = response. A query seen in a received payload is not an answer.
  if ((bytes[2]! & 0x80) === 0) return null;
  const id = (bytes[0]! << 8) | bytes[1]!;
  const rcode = bytes[3]! & 0x0f;
  const questions = (bytes[4]! << 8) | bytes[5]!;
  const answers = (bytes[6]! << 8) | bytes[7]!;
  return { id, rcode, answers, name: questions > 0 ? readName(bytes, 12) : null };
}

/** A question name: length-prefixed labels ending in a zero byte (no compression pointers in questions). */
function readName(bytes: Uint8Array, start: number): string | null {
  const labels: string[] = [];
  let i = start;
  while (i < bytes.length) {
    const len = bytes[i]!;
    if (len === 0) return labels.length === 0 ? '.' : labels.join('.');
    if (len > 63 || i + 1 + len > bytes.length) return null;
    labels.push(Buffer.from(bytes.subarray(i + 1, i + 1 + len)).toString('latin1'));
    i += 1 + len;
  }
  return null;
}

export const RCODE_NAMES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** "no such domain", the way the failure is worded after "could not resolve NAME: ". */
export function rcodeMeaning(rcode: number): string {
  switch (rcode) {
    case 3:
      return 'no such domain';
    case 2:
      return 'the DNS server failed to answer (SERVFAIL)';
    case 5:
      return 'the DNS server refused to answer';
    case 4:
      return 'the DNS server does not support this query';
    case 1:
      return 'the DNS server could not understand the query';
    default:
      return `the DNS server answered with error code ${rcode}`;
  }
}

/** The DNS payload in a received call's arguments: recvfrom's buffer, or recvmsg's first iov_base. */
export function receivedPayload(name: string, args: readonly string[]): string | null {
  if (name === 'recvfrom' || name === 'recv' || name === 'read') {
    const buf = args[1];
    return buf !== undefined && buf.startsWith('"') ? buf : null;
  }
  if (name === 'recvmsg') {
    const msg = args[1] ?? '';
    const at = msg.indexOf('iov_base="');
    if (at < 0) return null;
    const start = at + 9;
    let i = start + 1;
    while (i < msg.length && msg[i] !== '"') i += msg[i] === '\\' ? 2 : 1;
    return msg.slice(start, i + 1) + (msg.startsWith('...', i + 1) ? '...' : '');
  }
  return null;
}
