import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TriageError } from '../contract/errors.js';
import { SystemSample, type CpuTimes } from '../contract/system.js';
import { fixture as procfsFixture } from '../procfs/test-support/fixture.js';
import { fixture } from './test-support/fixtures.js';
import { createProcfsCollector, type ProcfsCollector } from './procfs-collector.js';

const NET_HEADER =
  'Inter-|   Receive                                                |  Transmit\n' +
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

function netLine(name: string, rxBytes: number, rxErrs: number, rxDrop: number, txBytes: number, txErrs: number, txDrop: number): string {
  return `${name.padStart(6)}: ${rxBytes} 10 ${rxErrs} ${rxDrop} 0 0 0 0 ${txBytes} 10 ${txErrs} ${txDrop} 0 0 0 0\n`;
}

function diskLine(name: string, reads: number, sectorsRead: number, writes: number, sectorsWritten: number, ioTicks: number): string {
  return `   8       0 ${name} ${reads} 0 ${sectorsRead} 0 ${writes} 0 ${sectorsWritten} 0 0 ${ioTicks} 0 0 0 0 0\n`;
}

const MEMINFO =
  'MemTotal:       1000000 kB\nMemFree:         200000 kB\nMemAvailable:    600000 kB\nBuffers:          50000 kB\n' +
  'Cached:          300000 kB\nSwapCached:          0 kB\nSwapTotal:       400000 kB\nSwapFree:        300000 kB\n' +
  'SReclaimable:     25000 kB\n';

function checkPercents(times: CpuTimes): void {
  for (const value of Object.values(times)) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(100);
  }
  expect(times.busy).toBeCloseTo(times.user + times.system + times.iowait + times.steal, 9);
}

describe('createProcfsCollector on a fixture proc root', () => {
  let root: string;
  let clock: number;
  let collector: ProcfsCollector | null = null;
  const write = (path: string, text: string): void => writeFileSync(join(root, path), text);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'triage-proc-'));
    clock = 0;
  });
  afterEach(() => {
    collector?.close();
    collector = null;
    rmSync(root, { recursive: true, force: true });
  });

  it('computes exact rates from known counter deltas over the injected elapsed time', () => {
    mkdirSync(join(root, 'net'));
    mkdirSync(join(root, 'pressure'));
    for (const pid of ['1', '42', '300']) mkdirSync(join(root, pid));
    mkdirSync(join(root, 'sys'));
    write('meminfo', MEMINFO);
    write('loadavg', '0.50 0.25 0.10 2/300 4000\n');
    write('uptime', '12345.67 100.00\n');
    write('pressure/cpu', fixture('pressure-cpu-no-full.txt'));
    write('pressure/memory', fixture('pressure-memory.txt'));
    // No pressure/io: that part alone must be null.
    write('stat', 'cpu  100 10 50 1000 20 5 5 0 0 0\ncpu0 50 5 25 500 10 2 2 0 0 0\ncpu1 50 5 25 500 10 3 3 0 0 0\nintr 1 2\n');
    write('vmstat', 'nr_free_pages 5\npswpin 10\npswpout 100\n');
    write('diskstats', diskLine('sda', 1000, 8000, 500, 4000, 1000) + diskLine('sda1', 9, 9, 9, 9, 9) + diskLine('loop0', 9, 9, 9, 9, 9));
    write('net/dev', NET_HEADER + netLine('lo', 0, 0, 0, 0, 0, 0) + netLine('eth0', 5_000_000, 1, 1, 800_000, 0, 0));

    collector = createProcfsCollector({ procRoot: root, now: () => clock, wallClock: () => 1_700_000_000_000 });

    // Two seconds later:
    clock = 2000;
    write('stat', 'cpu  130 20 70 1100 30 10 10 20 0 0\ncpu0 50 5 25 600 10 2 2 0 0 0\ncpu1 80 15 45 500 20 8 8 20 0 0\nintr 1 2\n');
    write('vmstat', 'nr_free_pages 5\npswpin 20\npswpout 150\n');
    write('diskstats', diskLine('sda', 1100, 12000, 800, 6000, 1500) + diskLine('sda1', 99, 99, 99, 99, 99) + diskLine('nvme0n1', 7, 7, 7, 7, 7));
    write(
      'net/dev',
      NET_HEADER + netLine('lo', 0, 0, 0, 0, 0, 0) + netLine('eth0', 6_000_000, 5, 7, 100, 2, 8) + netLine('wg0', 999, 0, 0, 999, 0, 0),
    );
    const sample = SystemSample.parse(collector.sample());

    expect(sample.time).toBe(1_700_000_000_000);
    expect(sample.intervalMs).toBe(2000);
    // 200 ticks: user 30+10, system 20+5+5, iowait 10, steal 20.
    expect(sample.cpu.total).toEqual({ user: 20, system: 15, iowait: 5, steal: 10, busy: 50 });
    expect(sample.cpu.cores[0]).toEqual({ user: 0, system: 0, iowait: 0, steal: 0, busy: 0 });
    // cpu1 had no idle tick: 100 ticks, all busy.
    expect(sample.cpu.cores[1]).toEqual({ user: 40, system: 30, iowait: 10, steal: 20, busy: 100 });
    expect(sample.load).toEqual({ one: 0.5, five: 0.25, fifteen: 0.1, cores: 2 });
    expect(sample.memory).toEqual({
      totalBytes: 1000000 * 1024,
      usedBytes: 400000 * 1024,
      availableBytes: 600000 * 1024,
      freeBytes: 200000 * 1024,
      buffersBytes: 50000 * 1024,
      cachedBytes: 325000 * 1024,
      swapTotalBytes: 400000 * 1024,
      swapUsedBytes: 100000 * 1024,
      // 10 and 50 pages of 4096 bytes (no <root>/self/smaps: the default page size) over 2 s.
      swapInBytesPerSec: 20480,
      swapOutBytesPerSec: 102400,
    });
    expect(sample.pressure).toEqual({
      cpu: { some: { avg10: 12.5, avg60: 3.25, avg300: 0.75 }, full: null },
      memory: { some: { avg10: 0, avg60: 0, avg300: 0 }, full: { avg10: 0, avg60: 0, avg300: 0 } },
      io: null,
    });
    expect(sample.disks).toEqual([
      // 4000 sectors read, 2000 written, 100 reads, 300 writes, 500 ms busy, over 2 s.
      { name: 'sda', readBytesPerSec: 1_024_000, writeBytesPerSec: 512_000, readsPerSec: 50, writesPerSec: 150, busyPercent: 25 },
      // Appeared since the last reading: no baseline yet.
      { name: 'nvme0n1', readBytesPerSec: 0, writeBytesPerSec: 0, readsPerSec: 0, writesPerSec: 0, busyPercent: 0 },
    ]);
    expect(sample.net).toEqual([
      { name: 'lo', rxBytesPerSec: 0, txBytesPerSec: 0, rxErrorsPerSec: 0, txErrorsPerSec: 0, rxDropsPerSec: 0, txDropsPerSec: 0 },
      // tx bytes went backwards (interface reset): 0, not a negative rate.
      { name: 'eth0', rxBytesPerSec: 500_000, txBytesPerSec: 0, rxErrorsPerSec: 2, txErrorsPerSec: 1, rxDropsPerSec: 3, txDropsPerSec: 4 },
      { name: 'wg0', rxBytesPerSec: 0, txBytesPerSec: 0, rxErrorsPerSec: 0, txErrorsPerSec: 0, rxDropsPerSec: 0, txDropsPerSec: 0 },
    ]);
    expect(sample.uptimeSec).toBe(12345.67);
    expect(sample.processes).toBe(3);
    expect(sample.source).toBe('procfs');

    // The next sample covers only the time since the previous one.
    clock = 3000;
    write('vmstat', 'nr_free_pages 5\npswpin 30\npswpout 150\n');
    const next = SystemSample.parse(collector.sample());
    expect(next.intervalMs).toBe(1000);
    expect(next.memory.swapInBytesPerSec).toBe(40960);
    expect(next.memory.swapOutBytesPerSec).toBe(0);
  });

  it('reuses the process count for processCountMaxAgeMs, then counts again', () => {
    write('stat', fixture('stat.txt'));
    write('meminfo', MEMINFO);
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    mkdirSync(join(root, '1'));
    collector = createProcfsCollector({ procRoot: root, now: () => clock, processCountMaxAgeMs: 5000 });
    clock = 1000;
    expect(collector.sample().processes).toBe(1);
    mkdirSync(join(root, '2'));
    clock = 5999;
    expect(collector.sample().processes).toBe(1);
    clock = 6000;
    expect(collector.sample().processes).toBe(2);
    collector.close();
    collector = createProcfsCollector({ procRoot: root, now: () => clock, processCountMaxAgeMs: 0 });
    expect(collector.sample().processes).toBe(2);
    mkdirSync(join(root, '3'));
    expect(collector.sample().processes).toBe(3);
  });

  it('uses the page size it is given for swap rates', () => {
    write('stat', fixture('stat.txt'));
    write('meminfo', MEMINFO);
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    write('vmstat', 'pswpin 0\npswpout 0\n');
    collector = createProcfsCollector({ procRoot: root, now: () => clock, pageSize: 16384 });
    clock = 1000;
    write('vmstat', 'pswpin 3\npswpout 0\n');
    expect(collector.sample().memory.swapInBytesPerSec).toBe(3 * 16384);
  });

  it('returns a valid sample when every optional file is missing, and a first sample right after creation', () => {
    write('stat', fixture('stat-old-kernel.txt'));
    write('meminfo', procfsFixture('meminfo-old-kernel.txt'));
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    collector = createProcfsCollector({ procRoot: root, now: () => clock });
    const sample = SystemSample.parse(collector.sample());
    expect(sample.intervalMs).toBe(0);
    expect(sample.pressure).toBeNull();
    expect(sample.disks).toEqual([]);
    expect(sample.net).toEqual([]);
    expect(sample.memory.swapInBytesPerSec).toBe(0);
    expect(sample.memory.availableBytes).toBe((512000 + 128000 + 256000 + 32000) * 1024);
    // cpu0 and cpu2 online, cpu1 offline.
    expect(sample.cpu.cores).toHaveLength(2);
    expect(sample.load.cores).toBe(2);
    expect(sample.processes).toBe(0);
  });

  it('gives pressure = null when every pressure file fails to read (PSI disabled at boot)', () => {
    write('stat', fixture('stat.txt'));
    write('meminfo', MEMINFO);
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    // A directory opens but fails to read (EISDIR), as a disabled PSI file fails with EOPNOTSUPP.
    for (const part of ['cpu', 'memory', 'io']) mkdirSync(join(root, 'pressure', part), { recursive: true });
    collector = createProcfsCollector({ procRoot: root });
    expect(SystemSample.parse(collector.sample()).pressure).toBeNull();
  });

  it('refuses a proc root without /proc/stat with UNSUPPORTED', () => {
    write('meminfo', MEMINFO);
    let error: unknown;
    try {
      createProcfsCollector({ procRoot: root });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TriageError);
    expect((error as TriageError).code).toBe('UNSUPPORTED');
  });

  it('reports a required file in the wrong format as IO_ERROR with a plain sentence', () => {
    write('stat', fixture('stat.txt'));
    write('meminfo', 'garbage\n');
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    collector = createProcfsCollector({ procRoot: root });
    const c = collector;
    expect(() => c.sample()).toThrow(/meminfo did not have the expected format/);
    try {
      c.sample();
    } catch (e) {
      expect((e as TriageError).code).toBe('IO_ERROR');
    }
  });

  it('throws after close', () => {
    write('stat', fixture('stat.txt'));
    write('meminfo', MEMINFO);
    write('loadavg', fixture('loadavg.txt'));
    write('uptime', fixture('uptime.txt'));
    const c = createProcfsCollector({ procRoot: root });
    c.close();
    expect(() => c.sample()).toThrow(/closed/);
  });
});

describe("createProcfsCollector on this machine's /proc", () => {
  let collector: ProcfsCollector;
  const children: ChildProcess[] = [];
  let server: Server | null = null;

  beforeEach(() => {
    collector = createProcfsCollector();
  });
  afterEach(async () => {
    collector.close();
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('gives valid samples 300 ms apart: percentages in 0..100, busy = the sum of its parts, one entry per CPU', async () => {
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 300));
      const sample = SystemSample.parse(collector.sample());
      expect(sample.intervalMs).toBeGreaterThan(250);
      checkPercents(sample.cpu.total);
      sample.cpu.cores.forEach(checkPercents);
      expect(sample.cpu.cores).toHaveLength(cpus().length);
      expect(sample.load.cores).toBe(cpus().length);
      expect(sample.memory.usedBytes + sample.memory.availableBytes).toBe(sample.memory.totalBytes);
      for (const disk of sample.disks) {
        expect(disk.busyPercent).toBeGreaterThanOrEqual(0);
        expect(disk.busyPercent).toBeLessThanOrEqual(100);
      }
      expect(sample.uptimeSec).toBeGreaterThan(0);
    }
  });

  it('counts processes like an independent look at /proc does', () => {
    const fresh = createProcfsCollector({ processCountMaxAgeMs: 0 });
    const sample = fresh.sample();
    fresh.close();
    const independent = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
    // Other processes come and go on this shared machine between the two counts.
    expect(Math.abs(sample.processes - independent)).toBeLessThanOrEqual(Math.max(20, independent * 0.1));
    expect(sample.processes).toBeGreaterThan(1);
  });

  it('sees a CPU-bound child as busy time', async () => {
    children.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
    collector.sample();
    let busiest = 0;
    const deadline = Date.now() + 30_000;
    while (busiest < 25 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const sample = collector.sample();
      busiest = Math.max(busiest, ...sample.cpu.cores.map((c) => c.busy));
    }
    // One spinning process keeps at least one core well above idle.
    expect(busiest).toBeGreaterThanOrEqual(25);
  });

  it('sees loopback traffic as lo receive and transmit bytes', async () => {
    const srv = createServer((socket) => socket.resume());
    server = srv;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as { port: number }).port;
    const client = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    collector.sample();
    let lo = { rxBytesPerSec: 0, txBytesPerSec: 0 };
    const deadline = Date.now() + 30_000;
    while (lo.rxBytesPerSec < 1_000_000 && Date.now() < deadline) {
      const chunk = Buffer.alloc(1 << 20);
      for (let i = 0; i < 8; i++) client.write(chunk);
      await new Promise((r) => setTimeout(r, 200));
      lo = collector.sample().net.find((n) => n.name === 'lo') ?? lo;
    }
    client.destroy();
    expect(lo.rxBytesPerSec).toBeGreaterThanOrEqual(1_000_000);
    expect(lo.txBytesPerSec).toBeGreaterThanOrEqual(1_000_000);
  });
});
