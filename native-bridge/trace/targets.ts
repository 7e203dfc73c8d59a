import { posix } from 'node:path';
import type { SyscallClass } from '../contract/trace.js';
import { skipAnnotation, skipString } from './scan.js';

/**
 * Decodes a C string literal as strace prints it (`"a\tb\303\251"`), octal and hex escapes being raw
 * bytes of UTF-8 text. Accepts the text with or without surrounding quotes; a trailing `...` (strace's
 * truncation mark) is dropped.
 */
export function decodeCString(text: string): string {
  let s = text;
  if (s.endsWith('...')) s = s.slice(0, -3);
  if (s.startsWith('"')) s = s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined);
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const push = (str: string): void => {
    for (const b of Buffer.from(str, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else push(ch);
      continue;
    }
    const next = s[i + 1];
    if (next === undefined) break;
    i++;
    switch (next) {
      case 'n': bytes.push(10); break;
      case 't': bytes.push(9); break;
      case 'r': bytes.push(13); break;
      case 'v': bytes.push(11); break;
      case 'f': bytes.push(12); break;
      case 'a': bytes.push(7); break;
      case 'b': bytes.push(8); break;
      case 'e': bytes.push(27); break;
      case 'x': {
        const hex = s.slice(i + 1, i + 3).match(/^[0-9a-fA-F]{1,2}/)?.[0] ?? '';
        bytes.push(hex ? parseInt(hex, 16) : 120);
        i += hex.length;
        break;
      }
      default: {
        if (next >= '0' && next <= '7') {
          let oct = next;
          while (oct.length < 3 && s[i + 1] !== undefined && s[i + 1]! >= '0' && s[i + 1]! <= '7') oct += s[++i];
          bytes.push(parseInt(oct, 8) & 0xff);
        } else push(next);
      }
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `3</etc/passwd>` → value '3', annotation '/etc/passwd'; without an annotation, annotation is null. */
export function splitAnnotated(arg: string): { value: string; annotation: string | null } {
  for (let i = 1; i < arg.length; i++) {
    const c = arg.charCodeAt(i);
    if (c === 34) {
      i = skipString(arg, i) - 1;
      continue;
    }
    if (c === 60 && arg.charCodeAt(i - 1) !== 32) {
      const end = skipAnnotation(arg, i);
      return { value: arg.slice(0, i), annotation: arg.slice(i + 1, end - 1) };
    }
  }
  return { value: arg, annotation: null };
}

export interface SocketAnnotation {
  proto: string;
  local: string | null;
  remote: string | null;
  inode: string | null;
}

/** `TCP:[127.0.0.1:5000->127.0.0.1:6000]`, `UDP:[0.0.0.0:68]`, `UNIX-STREAM:[123->456]`, `TCP:[9472]`. */
export function parseSocketAnnotation(annotation: string): SocketAnnotation | null {
  const colon = annotation.indexOf(':[');
  if (colon <= 0 || !annotation.endsWith(']')) return null;
  const proto = annotation.slice(0, colon);
  if (!/^[A-Z][A-Z0-9v-]*$/.test(proto)) return null;
  const body = annotation.slice(colon + 2, -1);
  if (/^\d+$/.test(body)) return { proto, local: null, remote: null, inode: body };
  const comma = body.indexOf(',');
  const ends = comma >= 0 && proto.startsWith('UNIX') ? body.slice(0, comma) : body;
  const arrow = ends.indexOf('->');
  if (proto.startsWith('UNIX') && comma >= 0) {
    const path = decodeCString(body.slice(comma + 1));
    return { proto, local: path, remote: arrow >= 0 ? ends.slice(arrow + 2) : null, inode: ends.slice(0, arrow >= 0 ? arrow : undefined) };
  }
  if (arrow < 0) return { proto, local: ends, remote: null, inode: null };
  return { proto, local: ends.slice(0, arrow), remote: ends.slice(arrow + 2), inode: null };
}

export interface SockAddr {
  family: string;
  address: string;
}

/** Reads a printed sockaddr (`{sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}`). */
export function parseSockAddr(text: string): SockAddr | null {
  const fam = text.indexOf('sa_family=');
  if (fam < 0) return null;
  let end = fam + 10;
  while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
  const family = text.slice(fam + 10, end);
  if (family === 'AF_INET' || family === 'AF_INET6') {
    const port = text.match(/sin6?_port=htons\((\d+)\)/)?.[1] ?? '?';
    if (family === 'AF_INET') {
      const addr = text.match(/sin_addr=inet_addr\("([^"]*)"\)/)?.[1] ?? '?';
      return { family, address: `${addr}:${port}` };
    }
    const addr = text.match(/inet_pton\(AF_INET6, "([^"]*)"/)?.[1] ?? '?';
    return { family, address: `[${addr}]:${port}` };
  }
  if (family === 'AF_UNIX') {
    const at = text.indexOf('sun_path=');
    if (at < 0) return { family, address: '(unnamed)' };
    const abstract = text[at + 9] === '@';
    const start = at + 9 + (abstract ? 1 : 0);
    const close = skipString(text, start);
    return { family, address: (abstract ? '@' : '') + decodeCString(text.slice(start, close)) };
  }
  return { family, address: family };
}

function annotationPath(arg: string | undefined): string | null {
  if (arg === undefined) return null;
  const { annotation } = splitAnnotated(arg);
  if (annotation === null || !annotation.startsWith('/')) return null;
  const inner = annotation.indexOf('<'); // `/dev/null<char 1:3>`
  return decodeCString(inner > 0 ? annotation.slice(0, inner) : annotation);
}

const NETWORK_ADDR_CALLS = new Set(['connect', 'bind', 'sendto', 'sendmsg', 'recvfrom', 'sendmmsg', 'recvmsg']);

/**
 * What a call is about, for grouping and display: the path a file call names (made absolute with the
 * dirfd's -yy annotation), the address a socket call uses, or the path behind an fd.
 */
export function callTarget(name: string, args: readonly string[], cls: SyscallClass, retAnnotation: string | null): string | null {
  if (cls === 'network') {
    if (NETWORK_ADDR_CALLS.has(name)) {
      for (const arg of args) {
        if (arg.includes('sa_family=')) {
          const addr = parseSockAddr(arg);
          if (addr) return addr.address;
        }
      }
    }
    const ann = name === 'accept' || name === 'accept4' ? retAnnotation : args[0] === undefined ? null : splitAnnotated(args[0]).annotation;
    if (ann) {
      const sock = parseSocketAnnotation(ann);
      if (sock) return sock.remote ?? sock.local ?? `${sock.proto}:[${sock.inode ?? '?'}]`;
    }
    return null;
  }
  if (cls === 'file' || name === 'execve') {
    for (let k = 0; k < args.length; k++) {
      const arg = args[k]!;
      if (arg.charCodeAt(0) !== 34) continue;
      const path = decodeCString(arg);
      if (path.startsWith('/')) return path;
      const dir = k > 0 ? annotationPath(args[k - 1]) : null;
      if (path === '') return dir;
      return dir ? posix.join(dir, path) : path;
    }
    return annotationPath(args[0]);
  }
  if (cls === 'desc') return annotationPath(args[0]) ?? (retAnnotation?.startsWith('/') ? retAnnotation : null);
  return null;
}
