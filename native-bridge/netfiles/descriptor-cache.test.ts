import { spawn } from 'node:child_process';
import { writeFileSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../test-support/temp-dir.js';
import { FD_PLAYGROUND } from './test-support/child-scripts.js';
import { createDescriptorCache } from './descriptor-cache.js';
import { readInetSockets } from './read-sockets.js';
import { createNetFilesService, type NetFilesService } from './service.js';
import { NodeChildren } from './test-support/children.js';
import { waitFor } from '../../test-support/until.js';
import { killAndReap, startChurn, startSocketHolder, type Started } from './test-support/socket-churn.js';
import { SamplingClock } from '../shared/sampling-clock.js';

const BOUND_MS = 10_000;
const children = new NodeChildren();
const tempDir = perTestTempDir('triage-fdcache-');
const servers: Server[] = [];
const pythons: Started[] = [];
let service: NetFilesService | null = null;

afterEach(async () => {
  for (const p of pythons.splice(0)) await killAndReap(p);
  children.killAll();
  service?.close();
  service = null;
  for (const s of servers.splice(0)) s.close();
});

function tempFile(name: string): string {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, 'x'.repeat(4096));
  return path;
}

/** A server in this process that keeps every connection (so a child's socket stays ESTABLISHED). */
async function keepingServer(): Promise<number> {
  const kept: Socket[] = [];
  const server = createServer((s) => kept.push(s));
  servers.push(server);
  server.on('close', () => kept.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** The inode of the socket on `fd` of `pid`, as the kernel links it. */
function socketInodeOn(cache: ReturnType<typeof createDescriptorCache>, pid: number, fd: number): number {
  const link = cache.linkOf(pid, fd) ?? '';
  return Number(/^socket:\[(\d+)\]$/.exec(link)?.[1] ?? -1);
}

describe('descriptor cache between sweeps (real processes, clock passed in)', () => {
  it('a socket opened after the first sweep is attributed by the next one', async () => {
    const port = await keepingServer();
    const child = children.startInteractive(FD_PLAYGROUND);
    expect(await child.ask('')).toBe('ready');
    service = createNetFilesService();
    const before = await service['net.connections']({});
    expect(before.connections.some((c) => c.owners.some((o) => o.pid === child.pid))).toBe(false);
    const fd = Number(await child.ask(`connect ${port}`));
    const after = await service['net.connections']({});
    const mine = after.connections.filter((c) => c.owners.some((o) => o.pid === child.pid));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'ESTABLISHED', remotePort: port });
    expect(mine[0]!.owners[0]!.fds).toEqual([fd]);
  });

  it('a file deleted while open (same descriptor, same count) is reported deleted within the bound', async () => {
    const path = tempFile('held.log');
    const child = children.startInteractive(FD_PLAYGROUND);
    await child.ask('');
    const fd = Number(await child.ask(`open ${path}`));
    const cache = createDescriptorCache('/proc', { refreshMs: BOUND_MS });
    const first = cache.sweep(0, undefined, { purpose: 'files' });
    expect(first.deleted().some((d) => d.pid === child.pid)).toBe(false);
    expect(cache.linkOf(child.pid, fd)).toBe(path);
    unlinkSync(path);
    // Nothing about the child changed but the name of its file: only the rotation can see it, and a full
    // bound of clock time owes it a full lap.
    const later = cache.sweep(BOUND_MS, undefined, { purpose: 'files' });
    expect(later.deleted()).toContainEqual({ pid: child.pid, fd, path });
    expect(cache.linkOf(child.pid, fd)).toBe(`${path} (deleted)`);
  });

  it('a descriptor number reused for another file gets the new path within the bound', async () => {
    const a = tempFile('a.txt');
    const b = tempFile('b.txt');
    const child = children.startInteractive(FD_PLAYGROUND);
    await child.ask('');
    const fd = Number(await child.ask(`open ${a}`));
    const cache = createDescriptorCache('/proc', { refreshMs: BOUND_MS });
    cache.sweep(0, undefined, { purpose: 'files' });
    expect(cache.linkOf(child.pid, fd)).toBe(a);
    // close + open: the lowest free number again, so the count and the numbers are what they were.
    expect(Number(await child.ask(`reopen ${fd} ${b}`))).toBe(fd);
    cache.sweep(BOUND_MS, undefined, { purpose: 'files' });
    expect(cache.linkOf(child.pid, fd)).toBe(b);
  });

  it('a socket on a reused descriptor number (count unchanged) is found by the search at the next sweep', async () => {
    const port = await keepingServer();
    const child = children.startInteractive(FD_PLAYGROUND);
    await child.ask('');
    const fd = Number(await child.ask(`connect ${port}`));
    const cache = createDescriptorCache('/proc', { searchBudget: Number.POSITIVE_INFINITY });
    cache.sweep(0, readInetSockets('/proc'), { purpose: 'sockets' });
    const oldInode = socketInodeOn(cache, child.pid, fd);
    expect(cache.socketOwners().get(oldInode)).toEqual([{ pid: child.pid, fd }]);
    expect(Number(await child.ask(`reconnect ${fd} ${port}`))).toBe(fd);
    // 1 ms apart: no share of any rotation is owed; the new inode, still missing at the second sweep, starts the search.
    const tables = readInetSockets('/proc');
    const first = cache.sweep(1, tables, { purpose: 'sockets' });
    expect(first.pending).toBeGreaterThan(0);
    const sweep = cache.sweep(2, tables, { purpose: 'sockets' });
    const newInode = socketInodeOn(cache, child.pid, fd);
    expect(newInode).not.toBe(oldInode);
    expect(tables.some((s) => s.inode === newInode)).toBe(true);
    expect(sweep.socketOwners.get(newInode)).toEqual([{ pid: child.pid, fd }]);
    expect(sweep.socketOwners.has(oldInode)).toBe(false);
  });

  it('a process that exits disappears from the cache and from the owners', async () => {
    const port = await keepingServer();
    const child = children.startInteractive(FD_PLAYGROUND);
    await child.ask('');
    const fd = Number(await child.ask(`connect ${port}`));
    const cache = createDescriptorCache('/proc');
    cache.sweep(0, readInetSockets('/proc'));
    const inode = socketInodeOn(cache, child.pid, fd);
    expect(cache.socketOwners().get(inode)).toEqual([{ pid: child.pid, fd }]);
    expect(cache.startTimeOf(child.pid)).toBeGreaterThan(0);
    const exited = new Promise((resolve) => child.child.once('exit', resolve));
    child.child.kill('SIGKILL');
    await exited;
    await waitFor(() => cache.sweep(1, readInetSockets('/proc')) && cache.startTimeOf(child.pid) === undefined, 'the pid to leave /proc');
    expect(cache.socketOwners().has(inode)).toBe(false);
    expect(cache.linkOf(child.pid, fd)).toBeUndefined();
  });

  it('the live view attributes a socket opened while it runs, on the next tick', async () => {
    const port = await keepingServer();
    const child = children.startInteractive(FD_PLAYGROUND);
    await child.ask('');
    service = createNetFilesService({ clock: new SamplingClock({ intervalMs: 500 }) });
    const counts: number[] = [];
    const stop = service['net.watch']({}, {
      next: (m) => counts.push(m.processes.find((p) => p.pid === child.pid)?.counts.ESTABLISHED ?? 0),
      fail: (e) => {
        throw e;
      },
    });
    try {
      await waitFor(() => counts.length > 0, 'the first tick');
      expect(counts.at(-1)).toBe(0);
      await child.ask(`connect ${port}`);
      await child.ask(`connect ${port}`);
      const seen = counts.length;
      await waitFor(() => counts.length > seen + 1, 'two more ticks');
      // The tick after both connected already counts them (no wait for a periodic sweep).
      expect(counts[seen + 1]).toBe(2);
    } finally {
      stop();
    }
  });
});

interface RunnerResult {
  descriptors: number;
  /** Links read by the owner search at each sweep. */
  searched: number[];
}

/** Runs test-support/unbounded-search.ts in a child; killed at `deadlineMs` (a sweep that never ends cannot be interrupted in-process). */
function runUnboundedSearch(deadlineMs: number): Promise<RunnerResult> {
  const script = new URL('./test-support/unbounded-search.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sweeps did not end within ${deadlineMs / 1000} s: the owner search loops (links it read are never counted as a lap)`));
    }, deadlineMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`search runner exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as RunnerResult);
    });
  });
}

describe('the owner search among sockets and owners that come and go (real churn)', () => {
  it('an unbounded search ends: a socket whose owner exited costs at most one lap of links', async () => {
    // Before the fix this child spun at 100 % of a core until killed.
    const { descriptors, searched } = await runUnboundedSearch(50_000);
    expect(descriptors).toBeGreaterThan(0);
    // The holder's socket was missing first at sweep 1: sweep 2 searches one lap for it and gives up.
    expect(searched[2]).toBeGreaterThan(0);
    for (const read of searched) expect(read).toBeLessThanOrEqual(descriptors * 1.5);
  });

  it('a search with budget for many laps stops after one, and the owner is given up on while it is wanted', async () => {
    pythons.push(await startChurn());
    const holder = await startSocketHolder();
    pythons.push(holder);
    const cold = createDescriptorCache('/proc').sweep(0, undefined, { purpose: 'sockets' });
    const cache = createDescriptorCache('/proc', { searchBudget: 50 * cold.descriptors });
    cache.sweep(0, readInetSockets('/proc'), { purpose: 'sockets' });
    const tables = readInetSockets('/proc');
    const port = Number(holder.line);
    const inode = tables.find((s) => s.protocol === 'udp' && s.localPort === port)?.inode ?? 0;
    expect(inode).toBeGreaterThan(0);
    expect(cache.socketOwners().get(inode)).toEqual([{ pid: holder.pid, fd: expect.any(Number) }]);
    await killAndReap(holder);
    // Missing for the first time: not searched yet (a socket opened and closed between ticks is not worth a lap).
    const before = cache.sweep(1, tables, { purpose: 'sockets' });
    expect(before.pending).toBeGreaterThan(0);
    const searched = cache.sweep(2, tables, { purpose: 'sockets' });
    // One lap is every link once, give or take the links that come and go while it runs (the churn, and
    // other test files' children when the suite runs in parallel: seen at 1.5x once); the old code read its
    // whole budget (50 laps) before it looked at the lap.
    expect(searched.searchRead).toBeGreaterThan(0);
    expect(searched.searchRead).toBeLessThanOrEqual(3 * Math.max(before.descriptors, searched.descriptors));
    expect(cache.missing([{ inode }])).toBe(0);
    // Given up: a later sweep that still wants it searches no more.
    const later = cache.sweep(3, [{ inode }], { purpose: 'sockets' });
    expect(later.pending).toBe(0);
    expect(later.searchRead).toBe(0);
  });
});
