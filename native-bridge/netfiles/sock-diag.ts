import { spawn, type ChildProcess } from 'node:child_process';
import { checkHelperTrust, type HelperTrust } from '../shared/trusted-executable.js';
import { existsSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { formatIpv6 } from './inet-address.js';
import type { InetSocket } from './parse-inet-sockets.js';
import { tcpStateName } from './socket-states.js';

export const SOCKDIAG_HELPER = 'triage-sockdiag';
/** sizeof(struct inet_diag_msg): what the helper sends per socket. */
const RECORD = 72;
const AF_INET = 2;
const AF_INET6 = 10;
const TCP_LISTEN = 10;
/** idiag_timer of a timewait socket (inet_twsk_diag_fill); a full socket reports 0, 1, 2 or 4. */
const TIMEWAIT_TIMER = 3;
/** A dump takes milliseconds; an answer this late means the helper is stuck. */
const ANSWER_TIMEOUT_MS = 5000;

const LE = endianness() === 'LE';

/** The state mask of every TCP state (1 … 11; SYN_RECV includes request sockets) but the ones listed. */
export function statesExcept(...codes: number[]): number {
  let mask = 0xffe;
  for (const c of codes) mask &= ~(1 << c);
  return mask;
}

/**
 * Where `npm run build` put the helper: dist/native/ in a folder above `from` (the source tree, the bundle, or
 * a packaged app, where it is unpacked beside the asar since a file inside one cannot be executed).
 */
export function locateSockDiagHelper(from: string): string | null {
  let dir = from.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'native', SOCKDIAG_HELPER);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/**
 * The helper above this code's folder, wherever it runs from (the CommonJS Electron bundle defines
 * import.meta.dirname). Run as root, Triage runs it only if no other user could have planted or replaced it
 * (root-owned all the way up, writable by nobody else); otherwise the view reads /proc, which costs more
 * with many sockets but runs nothing.
 */
export function defaultSockDiagHelper(): string | null {
  return helperAllowedFor(locateSockDiagHelper(import.meta.dirname), process.geteuid?.() ?? -1);
}

/** `path` if this user may run it: anyone but root runs what it could have written itself anyway. */
export function helperAllowedFor(path: string | null, euid: number, trust: (path: string) => HelperTrust = checkHelperTrust): string | null {
  if (path === null || euid !== 0) return path;
  return trust(path).ok ? path : null;
}

export interface DiagTable {
  sockets: InetSocket[];
  /** Of them, timewait sockets not in TIME_WAIT itself (closed while in FIN_WAIT2): /proc lists them as FIN_WAIT2 too. */
  timewaitSockets: number;
}

const v4Names = new Map<number, string>();
const v6Names = new Map<string, string>();

function v4Name(b: Buffer, at: number): string {
  const word = b.readUInt32BE(at);
  let name = v4Names.get(word);
  if (name === undefined) {
    if (v4Names.size > 4096) v4Names.clear();
    name = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
    v4Names.set(word, name);
  }
  return name;
}

function v6Name(b: Buffer, at: number): string {
  const key = b.toString('latin1', at, at + 16);
  let name = v6Names.get(key);
  if (name === undefined) {
    if (v6Names.size > 4096) v6Names.clear();
    name = formatIpv6([...b.subarray(at, at + 16)]);
    v6Names.set(key, name);
  }
  return name;
}

/**
 * struct inet_diag_msg records as rows of /proc/net/tcp* would read: the same states, addresses, uid and
 * inode; the same queues (a listener's send queue is 0 there, where sock_diag puts its backlog limit).
 */
export function parseDiagRecords(b: Buffer): DiagTable {
  const sockets: InetSocket[] = [];
  let timewaitSockets = 0;
  const u32 = (at: number): number => (LE ? b.readUInt32LE(at) : b.readUInt32BE(at));
  for (let at = 0; at + RECORD <= b.length; at += RECORD) {
    const family = b[at]!;
    if (family !== AF_INET && family !== AF_INET6) continue;
    const code = b[at + 1]!;
    if (b[at + 2] === TIMEWAIT_TIMER) timewaitSockets++;
    const v4 = family === AF_INET;
    sockets.push({
      protocol: 'tcp',
      family: v4 ? 'ipv4' : 'ipv6',
      localAddress: v4 ? v4Name(b, at + 8) : v6Name(b, at + 8),
      localPort: b.readUInt16BE(at + 4),
      remoteAddress: v4 ? v4Name(b, at + 24) : v6Name(b, at + 24),
      remotePort: b.readUInt16BE(at + 6),
      state: tcpStateName(code),
      txQueue: code === TCP_LISTEN ? 0 : u32(at + 60),
      rxQueue: u32(at + 56),
      uid: u32(at + 64),
      inode: u32(at + 68),
    });
  }
  return { sockets, timewaitSockets };
}

/** What a dump fails with when its helper was closed on purpose (not a reason to give the helper up). */
export class SockDiagClosed extends Error {
  constructor() {
    super('the sock_diag helper was closed');
  }
}

const ERRNO_NAMES: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 12: 'ENOMEM', 13: 'EACCES', 22: 'EINVAL', 71: 'EPROTO', 93: 'EPROTONOSUPPORT', 97: 'EAFNOSUPPORT' };

/**
 * The helper process (one per watch, started at its first dump and ended by close()): one dump at a time,
 * each answered by a count and that many records. Any failure ends the helper; the caller decides what next.
 */
export class SockDiagHelper {
  private child: ChildProcess | null = null;
  private waiting: { resolve: (records: Buffer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;
  private chunks: Buffer[] = [];
  private have = 0;
  /** Bytes of the answer being received, once its count has arrived. */
  private expected: number | null = null;

  constructor(private readonly path: string) {}

  /** The helper's pid while it runs (tests, the bench). */
  pid(): number | undefined {
    return this.child?.pid;
  }

  /** The TCP sockets in the states of `mask`, both families, from one dump. */
  dump(mask: number): Promise<Buffer> {
    if (this.waiting) return Promise.reject(new Error('a sock_diag dump is already running'));
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`the sock_diag helper did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
      this.waiting = { resolve, reject, timer };
      const request = Buffer.alloc(4);
      if (LE) request.writeUInt32LE(mask >>> 0);
      else request.writeUInt32BE(mask >>> 0);
      child.stdin!.write(request);
    });
  }

  /** Ends the helper; a dump still waiting fails with SockDiagClosed. */
  close(): void {
    this.fail(new SockDiagClosed());
  }

  private start(): ChildProcess {
    const child = spawn(this.path, [], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.received(chunk));
    child.stdin!.on('error', (error) => this.fail(error));
    child.once('error', (error) => this.fail(new Error(`the sock_diag helper could not run: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.fail(new Error(`the sock_diag helper exited (${signal ?? code})`));
    });
    return child;
  }

  private received(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.have += chunk.length;
    if (this.have < 4) return;
    if (this.expected === null) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.have);
      this.chunks = [head];
      const count = LE ? head.readInt32LE(0) : head.readInt32BE(0);
      if (count < 0) {
        this.fail(new Error(`sock_diag refused the dump (${ERRNO_NAMES[-count] ?? `errno ${-count}`})`));
        return;
      }
      this.expected = 4 + count * RECORD;
    }
    if (this.have < this.expected) return;
    if (this.have > this.expected) {
      this.fail(new Error('the sock_diag helper answered more than it was asked'));
      return;
    }
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.have);
    const waiting = this.waiting;
    this.chunks = [];
    this.have = 0;
    this.expected = null;
    this.waiting = null;
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(all.subarray(4));
    }
  }

  private fail(error: Error): void {
    const child = this.child;
    this.child = null;
    this.chunks = [];
    this.have = 0;
    this.expected = null;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
  }
}
