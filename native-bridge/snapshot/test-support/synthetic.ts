import type { ChangesList } from '../../contract/changes.js';
import type { FindingsReport } from '../../contract/findings.js';
import type { ProcessRow } from '../../contract/processes.js';
import type { Snapshot } from '../../contract/snapshot.js';
import type { SystemSample } from '../../contract/system.js';

const cpu = (busy: number) => ({ user: busy * 0.7, system: busy * 0.25, iowait: busy * 0.05, steal: 0, busy });

/** A plausible 2-core Linux sample (what /proc gives on the build machines). */
export function baseSample(time = Date.UTC(2026, 10, 26, 12, 0, 0)): SystemSample {
  return {
    time,
    intervalMs: 1000,
    cpu: { total: cpu(23.5), cores: [cpu(30.1), cpu(16.9)] },
    load: { one: 0.82, five: 0.61, fifteen: 0.55, cores: 2 },
    memory: {
      totalBytes: 25_769_803_776,
      usedBytes: 6_442_450_944,
      availableBytes: 18_253_611_008,
      freeBytes: 9_663_676_416,
      buffersBytes: 402_653_184,
      cachedBytes: 8_589_934_592,
      swapTotalBytes: 2_147_483_648,
      swapUsedBytes: 0,
      swapInBytesPerSec: 0,
      swapOutBytesPerSec: 0,
    },
    pressure: {
      cpu: { some: { avg10: 1.2, avg60: 0.8, avg300: 0.5 }, full: { avg10: 0, avg60: 0, avg300: 0 } },
      memory: { some: { avg10: 0, avg60: 0, avg300: 0 }, full: { avg10: 0, avg60: 0, avg300: 0 } },
      io: { some: { avg10: 0.3, avg60: 0.2, avg300: 0.1 }, full: { avg10: 0.1, avg60: 0.1, avg300: 0 } },
    },
    disks: [{ name: 'vda', readBytesPerSec: 4096, writeBytesPerSec: 81_920, readsPerSec: 1, writesPerSec: 12, busyPercent: 0.8 }],
    net: [{ name: 'eth0', rxBytesPerSec: 1520, txBytesPerSec: 980, rxErrorsPerSec: 0, txErrorsPerSec: 0, rxDropsPerSec: 0, txDropsPerSec: 0 }],
    uptimeSec: 86_400,
    processes: 180,
    source: 'procfs',
  };
}

/** `count` samples one second apart, varied smoothly from `base` (a real one in the bench). */
export function varySamples(base: SystemSample, count: number, endTime: number): SystemSample[] {
  const out: SystemSample[] = [];
  for (let i = 0; i < count; i++) {
    const wave = (k: number) => 0.5 + 0.5 * Math.sin(i / k);
    const scale = (v: number, k: number) => Math.round(v * (0.6 + 0.8 * wave(k)) * 100) / 100;
    out.push({
      ...base,
      time: endTime - (count - 1 - i) * 1000,
      intervalMs: 1000,
      cpu: {
        total: { ...base.cpu.total, busy: Math.min(100, scale(base.cpu.total.busy + 5, 37)), user: scale(base.cpu.total.user + 3, 41) },
        cores: base.cpu.cores.map((c, n) => ({ ...c, busy: Math.min(100, scale(c.busy + 5, 29 + n)), user: scale(c.user + 3, 31 + n) })),
      },
      load: { ...base.load, one: scale(base.load.one + 0.2, 53), five: scale(base.load.five + 0.2, 120), fifteen: scale(base.load.fifteen + 0.2, 300) },
      memory: { ...base.memory, usedBytes: Math.round(base.memory.usedBytes * (0.9 + 0.2 * wave(200))), availableBytes: Math.round(base.memory.availableBytes * (0.95 + 0.1 * wave(150))) },
      disks: base.disks.map((d) => ({ ...d, writeBytesPerSec: Math.round(d.writeBytesPerSec * 2 * wave(17)), busyPercent: scale(d.busyPercent + 1, 19) })),
      net: base.net.map((n) => ({ ...n, rxBytesPerSec: Math.round((n.rxBytesPerSec + 1000) * 2 * wave(13)), txBytesPerSec: Math.round((n.txBytesPerSec + 1000) * 2 * wave(11)) })),
      uptimeSec: base.uptimeSec + i,
    });
  }
  return out;
}

const NAMES = ['postgres', 'nginx', 'node', 'python3', 'java', 'chrome', 'bash', 'sshd', 'systemd', 'kworker/0:1', 'containerd', 'dockerd'];

/** Deterministic pseudo-random hex (Knuth's multiplicative hash). */
const hex = (i: number, salt: number): string => (((i + 1) * 2_654_435_761 * (salt + 7)) >>> 0).toString(16).padStart(8, '0');

export function syntheticRows(count: number, time: number): ProcessRow[] {
  return Array.from({ length: count }, (_, i) => {
    const name = NAMES[i % NAMES.length] ?? 'proc';
    const kernel = name.startsWith('kworker');
    return {
      pid: 100 + i,
      startTime: 1000 + i * 7,
      ppid: i === 0 ? 1 : 100 + Math.floor(i / 3),
      startedAt: time - 3_600_000 + i * 1000,
      uid: i % 5 === 0 ? 0 : 1000,
      user: i % 5 === 0 ? 'root' : 'alice',
      name,
      state: i % 17 === 0 ? 'R' : kernel ? 'I' : 'S',
      cpu: (((i + 1) * 2_654_435_761) >>> 0) % 10_000 / 997,
      cpuMachine: (((i + 1) * 2_654_435_761) >>> 0) % 10_000 / 1994,
      cpuTime: i * 1.5,
      rss: kernel ? 0 : 4_194_304 + ((i * 7919) % 500) * 1_048_576,
      shared: kernel ? null : 2_097_152,
      vsize: kernel ? 0 : 100_000_000 + i * 4096,
      swap: 0,
      threads: 1 + (i % 8),
      nice: 0,
      priority: 20,
      ioReadPerSec: i % 3 === 0 ? null : 0,
      ioWritePerSec: i % 3 === 0 ? null : 512,
      // Hash-like ids and varied paths, so the table compresses like a real one rather than a repeated line.
      cmdline: kernel ? '' : `/usr/bin/${name} --config /etc/${name}/${name}-${hex(i, 1)}.conf --workers ${i % 8} --session ${hex(i, 2)}${hex(i, 3)} --data /var/lib/${name}/${hex(i, 4).slice(0, 6)}`,
    };
  });
}

/** A snapshot with every part filled, for round trips, the report and the bench. */
export function syntheticSnapshot(opts: { samples?: number; processes?: number; now?: number } = {}): Snapshot {
  const now = opts.now ?? Date.UTC(2026, 10, 26, 12, 15, 0);
  const samples = varySamples(baseSample(now), opts.samples ?? 60, now);
  const rows = syntheticRows(opts.processes ?? 40, now);
  const verdict = {
    kind: 'growing' as const,
    sentence: 'Memory has grown by 12 MiB per minute for 9 minutes.',
    rateMiBPerMin: 12,
    r2: 0.97,
    growingSince: now - 540_000,
    runsOutInMs: 7_200_000,
    memAvailableBytes: 18_253_611_008,
    observedMs: 600_000,
    points: 600,
    trend: { fromTime: now - 540_000, fromBytes: 100_000_000, toTime: now, toBytes: 213_000_000 },
    evidence: { mannKendallZ: 8.1, lowsRateMiBPerMin: 11.5, changeAt: null, via: 'line' as const },
  };
  const breakdown = { rssBytes: 213_000_000, anonBytes: 200_000_000, fileBytes: 13_000_000, sharedBytes: 1_000_000, swapBytes: 0, pssBytes: 210_000_000, pssAnonBytes: 200_000_000, pssFileBytes: 10_000_000, pssShmemBytes: 0, swapPssBytes: 0, ussBytes: 205_000_000, source: 'smaps_rollup' as const };
  return {
    format: 'triage-snapshot',
    version: 1,
    meta: {
      host: 'build-7',
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0-18-amd64',
      triageVersion: '0.1.0',
      capturedAt: now,
      window: { from: now - (opts.samples ?? 60) * 1000, to: now },
      timeZone: 'Europe/Paris',
      redaction: { secrets: true, host: false, users: false, homes: false, total: 1, counts: { 'secret-flag': 1 } },
    },
    parts: {
      findings: syntheticFindings(now),
      changes: syntheticChanges(now),
      inventory: {
        hostname: 'build-7',
        os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0-18-amd64', arch: 'x64' },
        cpu: { manufacturer: 'Intel', brand: 'Xeon', physicalCores: 2, logicalCores: 2, speedGHz: 2.4 },
        memory: { totalBytes: 25_769_803_776, swapTotalBytes: 2_147_483_648 },
        disks: [{ name: 'vda', type: 'HD', sizeBytes: 107_374_182_400, vendor: 'virtio' }],
        filesystems: [{ mount: '/', fsType: 'ext4', sizeBytes: 107_374_182_400, usedBytes: 42_949_672_960 }],
        network: [{ name: 'eth0', ip4: '10.0.0.7', ip6: '', mac: '52:54:00:12:34:56', speedMbps: 1000 }],
        battery: null,
      },
      metrics: samples,
      processes: {
        capturedAt: now,
        ncpu: 2,
        totalMemoryBytes: 25_769_803_776,
        rows,
        topSeries: [
          { pid: 101, startTime: 1007, name: 'nginx', reason: 'cpu', points: samples.map((s, i) => ({ time: s.time, cpu: 10 + (i % 7), rss: 50_000_000 })) },
          { pid: 102, startTime: 1014, name: 'node', reason: 'pinned', points: samples.map((s, i) => ({ time: s.time, cpu: null, rss: 100_000_000 + i * 200_000 })) },
        ],
      },
      memory: {
        pins: [
          {
            pinId: 'p1',
            target: { kind: 'pid', pid: 102, startTime: 1014 },
            status: 'running',
            pid: 102,
            startTime: 1014,
            name: 'node',
            pinnedAt: now - 600_000,
            limits: { sizeBytes: 200_000_000, rateMiBPerMin: null },
            latest: breakdown,
            verdict,
            restarts: [],
            snapshots: [{ snapshotId: 1, pid: 102, time: now - 600_000, source: 'smaps' }],
            series: samples.slice(-5).map((s, i) => ({ time: s.time, pid: 102, rssBytes: 200_000_000 + i, anonBytes: 190_000_000, fileBytes: 10_000_000, sharedBytes: 1_000_000, swapBytes: 0, pssBytes: null, ussBytes: null, restart: false })),
          },
        ],
        verdicts: [{ pid: 102, startTime: 1014, name: 'node', rssBytes: 213_000_000, verdict }],
        alerts: [
          {
            alertId: 1,
            time: now - 60_000,
            pinId: 'p1',
            pid: 102,
            name: 'node',
            kind: 'size',
            limit: 200_000_000,
            value: 213_000_000,
            sentence: 'node (pid 102) passed its size limit: 203 MiB.',
            context: { breakdown, memAvailableBytes: 18_253_611_008, topConsumers: [{ pid: 102, name: 'node', rssBytes: 213_000_000 }] },
          },
        ],
      },
      traces: [
        {
          session: {
            id: '0b7f0c55-5b0e-4f64-9d6f-1f1d2a0c9e11',
            mode: 'launch',
            tool: 'strace',
            recipe: 'fails-silently',
            command: ['/usr/bin/app', '--config', '/etc/app.conf'],
            pid: 4242,
            tracerPid: 4241,
            state: 'ended',
            startedAt: now - 30_000,
            tracerExit: { code: 0, signal: null },
            capturePath: '/tmp/triage/trace/capture.txt',
            captureBytes: 12_000,
            events: 310,
            olderOnDisk: 0,
          },
          analysis: {
            counts: { lines: 320, events: 310, calls: 300, failures: 4, unparsed: 0 },
            end: { pid: 4242, state: 'exited', code: 1, signal: null, coreDumped: false, time: '12:14:31.000001', lastFailures: [], lastSignal: null, sentence: 'It exited with status 1 right after it failed to open /etc/app.conf.' },
            failures: [
              { name: 'openat', errno: 'ENOENT', errnoText: 'No such file or directory', target: '/etc/app.conf', count: 1, firstTime: '12:14:30.9', lastTime: '12:14:30.9', firstSeq: 290, lastSeq: 290, rank: 0, noise: false, noiseReason: null, sentence: 'It looked for /etc/app.conf and it does not exist.', example: 'openat(AT_FDCWD, "/etc/app.conf", O_RDONLY) = -1 ENOENT (No such file or directory)' },
            ],
            files: [],
            network: [],
            processes: [],
            summary: [],
            slowest: [],
            inFlight: [],
            truncated: { failures: 0, files: 0, network: 0, processes: 0 },
          },
        },
      ],
      cores: [
        {
          openedAt: now - 10_000,
          analysis: {
            kind: 'core',
            core: { path: '/home/alice/core.4242', sizeBytes: 2_000_000, modifiedMs: now - 20_000, program: 'crash-parse', commandLine: './crash-parse input.txt', pid: 4242, uid: 1000, truncated: null },
            executable: { path: '/home/alice/crash-parse', foundBy: 'mapped-files', match: 'same-build', coreBuildId: 'ab12', fileBuildId: 'ab12', hasDebugInfo: true },
            signal: { number: 11, name: 'SIGSEGV', meaning: 'Invalid memory access', code: 1, codeMeaning: 'the address is not mapped', address: '0x0', summary: 'Invalid memory access at address 0x0 (a NULL pointer)' },
            threads: [
              { id: 1, lwp: 4242, name: 'crash-parse', targetId: 'LWP 4242', crashed: true, truncated: false, frames: [
                { level: 0, address: '0x401136', function: 'parse_line', args: [{ name: 'line', type: 'char *', value: '0x0' }], file: 'crash-parse.c', fullPath: '/home/alice/crash-parse.c', line: 12, library: null },
                { level: 1, address: '0x401200', function: 'main', args: [], file: 'crash-parse.c', fullPath: '/home/alice/crash-parse.c', line: 30, library: null },
              ] },
            ],
            crashedThreadId: 1,
            source: null,
            debugInfo: { missing: false, objects: [], advice: null },
            disassembly: null,
            warnings: [],
          },
        },
      ],
      audit: [
        { time: new Date(now - 120_000).toISOString(), user: { uid: 1000, name: 'alice' }, action: 'signal', params: { signal: 'STOP' }, forced: false, target: { pid: 101, startTime: 1007, name: 'nginx', cmdline: '/usr/bin/nginx' }, result: { ok: true, message: 'Sent STOP to nginx (pid 101).' } },
      ],
      notes: { tryingToDo: 'Save a report', steps: '1. open app\n2. click save', expected: 'It saves', actual: 'It froze for a minute' },
    },
  };
}

/** A report as the findings engine gives it: one serious finding, one worth a look, checks of each kind. */
export function syntheticFindings(now: number): FindingsReport {
  return {
    time: now,
    observedMs: 600_000,
    waitingFor: [],
    findings: [
      {
        key: 'cpu-saturated',
        rule: 'cpu-saturated',
        severity: 'serious',
        sentence: 'ffmpeg (pid 4411) and ffmpeg (pid 4412) use 97% of both cores; other programs wait — pressure 45%.',
        since: now - 300_000,
        evidence: [
          { label: 'CPU busy', value: 97, unit: 'percent', threshold: 90 },
          { label: 'load (1 min)', value: 5.1, unit: 'load', threshold: 2 },
        ],
        series: [95, 96, 97, 98, 97],
        culprits: [{ pid: 4411, startTime: 9001, name: 'ffmpeg' }],
        next: { label: 'Open ffmpeg (pid 4411) in Processes to stop it or lower its priority', view: 'processes', target: { pid: 4411, startTime: 9001, name: 'ffmpeg' } },
      },
      {
        key: 'memory-leak:4242:5',
        rule: 'memory-leak',
        severity: 'warning',
        sentence: 'leaky (pid 4242) grows steadily by 12.0 MiB/min for 9 min, now 203 MiB.',
        since: now - 540_000,
        evidence: [{ label: 'growth', value: 209_715, unit: 'bytesPerSec', threshold: 17_476 }],
        series: [],
        culprits: [{ pid: 4242, startTime: 5, name: 'leaky' }],
        next: null,
      },
    ],
    checks: [
      { rule: 'cpu-saturated', title: 'CPU saturated', status: 'firing', why: null },
      { rule: 'memory-leak', title: 'A process keeps growing', status: 'firing', why: null },
      { rule: 'disk-full', title: 'Filesystem nearly full', status: 'passed', why: null },
      { rule: 'battery-low', title: 'Battery low', status: 'unavailable', why: 'not present on this machine: no battery under class/power_supply' },
    ],
  };
}

/** A window's changes: a package upgrade and a Triage action, and the journal that could not be read. */
export function syntheticChanges(now: number): ChangesList {
  return {
    sinceMs: now - 3_600_000,
    untilMs: now,
    events: [
      { time: now - 120_000, kind: 'triage-action', title: 'signal STOP to nginx (pid 101)', detail: 'Sent STOP to nginx (pid 101).' },
      { time: now - 600_000, kind: 'package', title: 'upgraded openssl 3.0.11 → 3.0.13', detail: '2026-11-26 12:05:00 upgrade openssl:amd64 3.0.11-1 3.0.13-1' },
    ],
    omitted: 0,
    sources: [
      { name: 'dpkg log', status: 'read', why: null },
      { name: 'systemd journal', status: 'absent', why: 'systemd is not running on this machine, so there is no unit journal' },
    ],
  };
}
