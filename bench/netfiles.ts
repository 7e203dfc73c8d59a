import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { createInterface } from 'node:readline';
import { FD_HOLDER, KEEPING_SERVER, MANY_CLIENTS } from '../native-bridge/netfiles/child-scripts.js';
import { collectDeletedFiles } from '../native-bridge/netfiles/deleted-files.js';
import { readMounts } from '../native-bridge/netfiles/filesystems.js';
import { createFactsReader } from '../native-bridge/netfiles/process-facts.js';
import { readInetSockets } from '../native-bridge/netfiles/read-sockets.js';
import { createNetFilesService } from '../native-bridge/netfiles/service.js';
import { connectionsFrom, socketInodes } from '../native-bridge/netfiles/snapshot.js';
import { sweepMachine } from '../native-bridge/netfiles/sweep.js';
import { clockTicks } from '../native-bridge/processes/host-facts.js';
import { createIdNames } from '../native-bridge/processes/user-names.js';
import { cpuMsPerCall } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** The budgets: a full sweep ≤ 50 ms CPU with 2,000 sockets and 20,000 fds; the live view ≤ 2 % of a core at 1 Hz. */
const SWEEP_BUDGET_MS = 50;
const ONE_HZ_BUDGET_PERCENT = 2;
const CONNECTIONS = 1000; // two sockets each (client and server end)
/** The hard RLIMIT_NOFILE here is 20,000 and cannot be raised without CAP_SYS_RESOURCE: two holders. */
const FD_HOLDERS = [9000, 9000];
const ONE_HZ_SECONDS = 10;

function childCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks();
}

/** CPU per run of an external tool, from cutime + cstime (10 ms resolution, hence several runs). */
function commandCpuMs(file: string, args: string[], runs: number): number {
  const before = childCpuMs();
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'ignore'], env: { LC_ALL: 'C' }, maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
  }
  return (childCpuMs() - before) / runs;
}

function startChild(script: string, args: string[], all: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  all.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench child exited (${code})`)));
  });
}

/** What the connections view and the deleted-files view need, in one descriptor walk. */
function fullSweep(): number {
  const facts = createFactsReader('/proc', users);
  const inet = readInetSockets('/proc');
  const sweep = sweepMachine('/proc', { socketInodes: socketInodes(inet), deleted: true });
  const connections = connectionsFrom(inet, { socketOwners: sweep.socketOwners, anyDenied: sweep.denied.length > 0 }, facts);
  collectDeletedFiles('/proc', sweep.deleted, facts, readMounts('/proc'));
  return connections.length + sweep.descriptors;
}

const users = createIdNames('/etc/passwd');

async function run(): Promise<BenchFigure[]> {
  const children: ChildProcess[] = [];
  try {
    const port = await startChild(KEEPING_SERVER, [], children);
    await startChild(MANY_CLIENTS, [String(CONNECTIONS), port], children);
    for (const n of FD_HOLDERS) await startChild(FD_HOLDER, [String(n)], children);

    const facts = createFactsReader('/proc', users);
    const inet = readInetSockets('/proc');
    const sweep = sweepMachine('/proc', { socketInodes: socketInodes(inet), deleted: true });
    const owned = connectionsFrom(inet, { socketOwners: sweep.socketOwners, anyDenied: false }, facts).filter((c) => c.owners.length > 0).length;
    process.stderr.write(`netfiles bench: ${inet.length} sockets (${owned} with owners), ${sweep.descriptors} descriptors\n`);

    for (let i = 0; i < 3; i++) fullSweep(); // JIT warm-up
    const sweepMs = await cpuMsPerCall(fullSweep, 1, 7);
    const ssMs = commandCpuMs('/usr/bin/ss', ['-tanp'], 5);
    const lsofMs = commandCpuMs('/usr/bin/lsof', ['-nP'], 2);

    // The live view: one subscriber at 1 Hz, the process's whole CPU over the window (first tick walks).
    const service = createNetFilesService();
    let ticks = 0;
    const stop = service['net.watch']({ intervalMs: 1000 }, { next: () => ticks++, fail: (e) => { throw e; } });
    await new Promise((r) => setTimeout(r, 1500));
    const start = cpuUsage();
    const startWall = performance.now();
    await new Promise((r) => setTimeout(r, ONE_HZ_SECONDS * 1000));
    const used = cpuUsage(start);
    const wall = performance.now() - startWall;
    stop();
    service.close();
    const oneHzPercent = ((used.user + used.system) / 1000 / wall) * 100;
    process.stderr.write(`netfiles bench: ${ticks} watch ticks, ${service.watchWalks()} descriptor walks\n`);

    return [
      {
        name: 'netfiles: connections + open-files sweep (2,000 sockets, ~20,000 fds), CPU per sweep',
        value: sweepMs,
        unit: 'ms',
        baseline: { name: 'ss -tanp', value: ssMs },
        ratio: sweepMs / ssMs,
        budget: { limit: SWEEP_BUDGET_MS, met: sweepMs <= SWEEP_BUDGET_MS },
      },
      { name: 'netfiles: same sweep vs lsof -nP', value: sweepMs, unit: 'ms', baseline: { name: 'lsof -nP', value: lsofMs }, ratio: sweepMs / lsofMs },
      { name: 'netfiles: ss -tanp CPU per run', value: ssMs, unit: 'ms' },
      { name: 'netfiles: lsof -nP CPU per run', value: lsofMs, unit: 'ms' },
      {
        name: 'netfiles: connections view at 1 Hz (net.watch), share of one core',
        value: oneHzPercent,
        unit: '%',
        budget: { limit: ONE_HZ_BUDGET_PERCENT, met: oneHzPercent <= ONE_HZ_BUDGET_PERCENT },
      },
    ];
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

export const suite: BenchSuite = { name: 'netfiles', run };
