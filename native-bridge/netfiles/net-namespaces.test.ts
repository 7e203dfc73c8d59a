import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterfacesResult } from '../contract/netfiles.js';
import { counterRates, type NetDevSample } from './counter-rates.js';
import { groupByNamespace, namespaceRates, parseNsLink, sampleNamespaces, type NamespaceSample, type NamespacesSample } from './net-namespaces.js';
import { createNetFilesService, type NetFilesService } from './service.js';
import { waitFor } from '../../test-support/until.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const counters = (name: string, rxBytes: number, txBytes: number) => ({ name, rxBytes, txBytes, rxErrors: 0, rxDrops: 0, txErrors: 0, txDrops: 0 });

describe('network namespaces on plain data', () => {
  it('reads the inode out of a ns link and nothing else', () => {
    expect(parseNsLink('net:[4026531840]')).toBe(4026531840);
    expect(parseNsLink('mnt:[4026531840]')).toBeNull();
    expect(parseNsLink('net:[]')).toBeNull();
  });

  it('groups pids by namespace, lowest pid first, leaving out the host namespace and vanished processes, counting denied ones', () => {
    const { groups, uninspectable } = groupByNamespace(
      [
        { pid: 30, ns: 7 },
        { pid: 5, ns: 1 },
        { pid: 12, ns: 7 },
        { pid: 40, ns: 'denied' },
        { pid: 41, ns: 'denied' },
        { pid: 50, ns: 'gone' },
        { pid: 60, ns: 9 },
      ],
      1,
    );
    expect([...groups.entries()]).toEqual([
      [7, [12, 30]],
      [9, [60]],
    ]);
    expect(uninspectable).toBe(2);
  });

  it('a counter that went down or an interface not seen before gives 0, not a guess', () => {
    const before: NetDevSample = { at: 0, time: 0, counters: [counters('eth0', 5000, 100)] };
    const after: NetDevSample = { at: 2000, time: 2000, counters: [counters('eth0', 1000, 300), counters('tun0', 50, 50)] };
    expect(counterRates(before, after)).toEqual({
      intervalMs: 2000,
      interfaces: [
        { name: 'eth0', rxBytes: 1000, txBytes: 300, rxBytesPerSec: 0, txBytesPerSec: 100 },
        { name: 'tun0', rxBytes: 50, txBytes: 50, rxBytesPerSec: 0, txBytesPerSec: 0 },
      ],
    });
  });

  it('rates come from the previous sample of the same namespace; a namespace first seen gives 0; busiest first', () => {
    const ns = (id: number, at: number, lo: number, eth: number): NamespaceSample => ({
      id,
      at,
      time: at,
      processes: 2,
      members: [{ pid: id * 10, name: 'x' }],
      counters: [counters('lo', lo, lo), counters('eth0', eth, eth / 2)],
    });
    const previous: NamespacesSample = { namespaces: [ns(1, 0, 0, 0), ns(2, 0, 1000, 0)], uninspectable: 0 };
    const current: NamespacesSample = { namespaces: [ns(1, 1000, 100, 1000), ns(2, 1000, 1500, 0), ns(3, 1000, 9999, 9999)], uninspectable: 0 };
    const rates = namespaceRates(previous, current);
    expect(rates.map((r) => [r.id, r.rxBytesPerSec, r.txBytesPerSec])).toEqual([
      [1, 1100, 600],
      [2, 500, 500],
      [3, 0, 0],
    ]);
    expect(rates[0]!.interfaces.find((i) => i.name === 'eth0')).toMatchObject({ rxBytesPerSec: 1000, txBytesPerSec: 500 });
    expect(namespaceRates(null, current).every((r) => r.rxBytesPerSec === 0 && r.txBytesPerSec === 0)).toBe(true);
  });
});

describe('sampleNamespaces on a made-up /proc tree', () => {
  let root: string;
  const proc = (pid: number | 'self', ns: string, extra: { dev?: string; comm?: string } = {}) => {
    mkdirSync(join(root, String(pid), 'ns'), { recursive: true });
    symlinkSync(ns, join(root, String(pid), 'ns', 'net'));
    if (extra.dev !== undefined) {
      mkdirSync(join(root, String(pid), 'net'));
      writeFileSync(join(root, String(pid), 'net', 'dev'), extra.dev);
    }
    if (extra.comm !== undefined) writeFileSync(join(root, String(pid), 'comm'), `${extra.comm}\n`);
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'triage-netns-'));
    proc('self', 'net:[1]');
    proc(100, 'net:[1]', { comm: 'host-process' });
    // Namespace 2: its lowest pid has no readable net/dev (it exited between the two reads), the next one does.
    proc(200, 'net:[2]', { comm: 'gone-first' });
    proc(201, 'net:[2]', { dev: fixture('net-dev-ns.txt'), comm: 'container-app' });
    // Namespace 3: nobody to read it through.
    proc(300, 'net:[3]', { comm: 'unreadable' });
    writeFileSync(join(root, 'version'), 'not a pid');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists namespaces other than its own with their counters, members and process count, and counts the unreadable', () => {
    const sample = sampleNamespaces(root, 1000, 5000);
    expect(sample.namespaces).toHaveLength(1);
    expect(sample.namespaces[0]).toMatchObject({
      id: 2,
      processes: 2,
      members: [
        { pid: 200, name: 'gone-first' },
        { pid: 201, name: 'container-app' },
      ],
      at: 1000,
      time: 5000,
    });
    expect(sample.namespaces[0]!.counters.map((c) => [c.name, c.rxBytes, c.txBytes])).toEqual([
      ['lo', 4200, 4200],
      ['veth0', 1234567890, 300],
    ]);
    expect(sample.uninspectable).toBe(1);
  });
});

/** Can this user create a network namespace? (root, or unprivileged user namespaces with CAP_NET_ADMIN inside.) */
function probeUnshare(): string | null {
  const which = spawnSync('unshare', ['--net', '--', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (which.error) return `unshare or ip is not installed (${which.error.message})`;
  if (which.status !== 0) return `unshare --net fails here (${which.stderr.trim() || `exit ${which.status}`}); creating a network namespace needs root`;
  return null;
}
const cannotUnshare = probeUnshare();
if (cannotUnshare) console.log(`skipping the real network-namespace test: ${cannotUnshare}`);

// Sends a 1000-byte UDP datagram to itself on 127.0.0.1, 10 every 100 ms: about 100 kB/s of payload each way on lo.
const SENDER = `
const dgram = require('node:dgram');
const s = dgram.createSocket('udp4');
const payload = Buffer.alloc(1000, 120);
s.on('message', () => {});
s.bind(0, '127.0.0.1', () => {
  const port = s.address().port;
  setInterval(() => { for (let i = 0; i < 10; i++) s.send(payload, port, '127.0.0.1'); }, 100);
  setTimeout(() => process.exit(0), 120000);
  console.log('ready');
});
`;
const NOMINAL = 100 * 1000;

describe.skipIf(cannotUnshare !== null)('net.interfaces on a real process in its own network namespace', () => {
  let child: ChildProcess;
  let service: NetFilesService;
  beforeAll(() => {
    service = createNetFilesService();
    // unshare execs sh, which execs node: the child pid is the sender's pid, inside the new namespace.
    child = spawn('unshare', ['--net', '--', 'sh', '-c', `ip link set lo up && exec "$0" -e "$1"`, process.execPath, SENDER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  });
  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    service.close();
  });

  it('lists the namespace with the child as a member and its loopback traffic, and never the host namespace', async () => {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`sender exited (${code}) before it was ready`)));
    });
    const host = parseNsLink(readlinkSync('/proc/self/ns/net'));
    const childNs = parseNsLink(readlinkSync(`/proc/${child.pid}/ns/net`));
    expect(childNs).not.toBeNull();
    expect(childNs).not.toBe(host);

    const first = await service['net.interfaces']({});
    expect(first.namespaces.some((n) => n.id === childNs)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const result: InterfacesResult = await waitFor(async () => {
      const r = await service['net.interfaces']({});
      const lo = r.namespaces.find((n) => n.id === childNs)?.interfaces.find((i) => i.name === 'lo');
      return lo && lo.rxBytesPerSec > 0 ? r : null;
    }, 'loopback traffic in the child namespace');

    expect(result.namespaces.some((n) => n.id === host)).toBe(false);
    const ns = result.namespaces.find((n) => n.id === childNs)!;
    expect(ns.members).toContainEqual({ pid: child.pid, name: 'node' });
    expect(ns.processes).toBeGreaterThanOrEqual(1);
    const lo = ns.interfaces.find((i) => i.name === 'lo')!;
    // Loopback counts each datagram once received and once sent, with headers on top of the 1000-byte payload;
    // timers slow down on a busy box, so the bounds are wide: a tenth of the nominal rate to three times it.
    for (const rate of [lo.rxBytesPerSec, lo.txBytesPerSec]) {
      expect(rate).toBeGreaterThan(NOMINAL / 10);
      expect(rate).toBeLessThan(NOMINAL * 3);
    }
    expect(ns.rxBytesPerSec).toBeGreaterThanOrEqual(lo.rxBytesPerSec);
    expect(ns.txBytesPerSec).toBeGreaterThanOrEqual(lo.txBytesPerSec);
    expect(result.perProcessNote).toMatch(/per namespace/);
  }, 60_000);
});
