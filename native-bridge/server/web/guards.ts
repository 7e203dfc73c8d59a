import type { IncomingMessage } from 'node:http';

/** Exactly the Host values this server answers to; anything else is DNS rebinding or a mistake. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!['127.0.0.1', 'localhost', '::1'].includes(bindHost)) {
    hosts.add(bindHost.includes(':') ? `[${bindHost}]:${port}` : `${bindHost}:${port}`);
  }
  return hosts;
}

/** The Origins of pages this server itself served: scheme, host and port compared exactly. */
export function allowedOrigins(hosts: Set<string>): Set<string> {
  return new Set([...hosts].map((host) => `http://${host}`));
}

function headerValues(req: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === name) values.push(req.rawHeaders[i + 1] ?? '');
  }
  return values;
}

/** One Host header, exactly one of ours, and an origin-form request target. */
export function hostIsAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const values = headerValues(req, 'host');
  if (values.length !== 1) return false;
  if (!req.url?.startsWith('/')) return false;
  return hosts.has(values[0]!.toLowerCase());
}

export type OriginVerdict = 'same' | 'absent' | 'foreign';

export function originVerdict(req: IncomingMessage, origins: Set<string>): OriginVerdict {
  const values = headerValues(req, 'origin');
  if (values.length === 0) return 'absent';
  if (values.length === 1 && origins.has(values[0]!)) return 'same';
  return 'foreign';
}

/**
 * Every value presented for this cookie name. Another local origin can toss in a second cookie of the same
 * name (cookies ignore ports), so the caller accepts the request when any one of them is valid.
 */
export function cookieValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (!header) return [];
  const found: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    found.push(part.slice(eq + 1).trim());
  }
  // A browser sends a handful; a header stuffed with hundreds is not a browser's.
  return found.slice(0, 16);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const values = headerValues(req, 'authorization');
  if (values.length !== 1) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(values[0]!);
  return match?.[1];
}
