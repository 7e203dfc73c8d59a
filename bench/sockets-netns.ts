// Runs inside the `sockets` bench's own network namespace (see sockets.ts): makes the sockets, then measures
// the readers and the live view against them. Prints one BenchFigure per stdout line; progress on stderr.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import { createInterface } from 'node:readline';
import { readInetSockets } from '../native-bridge/netfiles/read-sockets.js';
import { createNetFilesService } from '../native-bridge/netfiles/service.js';
import { clockTicks } from '../native-bridge/processes/host-facts.js';
import { cpuMsPerCall } from './measure.js';
import { TIME_WAIT_LOAD } from './socket-load.js';
import type { BenchFigure } from './types.js';

const TIME_WAIT_TARGET = 24_500;
const ESTABLISHED_PAIRS = 150;
const LISTENERS = 20;
const ONE_HZ_BUDGET_PERCENT = 2;
const WINDOW_SECONDS = 20;
const PEER = ['ss', '-tan', 'state', 'established'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text: string): boolean => process.stderr.write(`sockets bench: ${text}\n`);
const emit = (figure: BenchFigure): boolean => process.stdout.write(`${JSON.stringify(figure)}\n`);

function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks();
}

/** CPU per run of a command, its own (cutime + cstime, 10 ms resolution, hence many runs) plus our spawning. */
function commandCpuMs(argv: readonly string[], runs: number): number {
  const before = childrenCpuMs();
  const own = cpuUsage();
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], env: { LC_ALL: 'C' } });
    if (r.error) throw r.error;
  }
  const spent = cpuUsage(own);
  return (childrenCpuMs() - before + (spent.user + spent.system) / 1000) / runs;
}

/** This process's CPU over the next `ms` of wall time, as a percentage of one core. */
async function coreShare(ms: number): Promise<number> {
  const start = cpuUsage();
  const wall = performance.now();
  await sleep(ms);
  const used = cpuUsage(start);
  return ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100;
}

function tcpCounts(): { total: number; timeWait: number } {
  let total = 0;
  let timeWait = 0;
  for (const s of readInetSockets('/proc')) {
    if (s.protocol !== 'tcp') continue;
    total++;
    if (s.state === 'TIME_WAIT') timeWait++;
  }
  return { total, timeWait };
}

function setUpNamespace(): void {
  const up = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`ip link set lo up failed: ${up.stderr || up.error?.message}`);
  // This namespace's own settings: ports for 25,000 connections from one address, and no reuse of a
  // TIME_WAIT socket's port by a new connection (which would end it early).
  writeFileSync('/proc/sys/net/ipv4/ip_local_port_range', '1024 65535');
  writeFileSync('/proc/sys/net/ipv4/tcp_tw_reuse', '0');
}

function startLoad(children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, ['-e', TIME_WAIT_LOAD, '--', String(TIME_WAIT_TARGET), String(ESTABLISHED_PAIRS), String(LISTENERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the socket load exited (${code})`)));
  });
}

/** net.watch with one subscriber at 1 Hz: the process's CPU over a window that starts after the JIT warms up. */
async function watchShare(): Promise<{ percent: number; ticks: number }> {
  const service = createNetFilesService();
  let ticks = 0;
  const stop = service['net.watch']({}, { next: () => ticks++, fail: (e) => { throw e; } });
  await sleep(5000);
  const before = ticks;
  const percent = await coreShare(WINDOW_SECONDS * 1000);
  const counted = ticks - before;
  stop();
  service.close();
  return { percent, ticks: counted };
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    setUpNamespace();
    say(`making ${TIME_WAIT_TARGET} TIME_WAIT sockets, ${ESTABLISHED_PAIRS * 2} established, ${LISTENERS + 2} listening…`);
    await startLoad(children);
    const counts = tcpCounts();
    say(`${counts.total} TCP sockets, ${counts.timeWait} in TIME_WAIT, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    for (let i = 0; i < 3; i++) readInetSockets('/proc');
    const oldReadMs = await cpuMsPerCall(() => readInetSockets('/proc'), 1, 9);
    const peerMs = commandCpuMs(PEER, 20);
    const watch = await watchShare();
    say(`net.watch: ${watch.ticks} ticks in ${WINDOW_SECONDS} s`);

    emit({ name: 'sockets: TCP sockets in the namespace (most in TIME_WAIT)', value: counts.total, unit: 'sockets' });
    emit({ name: 'sockets: of them in TIME_WAIT', value: counts.timeWait, unit: 'sockets' });
    emit({ name: 'sockets: whole /proc/net/{tcp,udp}{,6} parsed (the old reader), CPU per tick', value: oldReadMs, unit: 'ms', baseline: { name: PEER.join(' '), value: peerMs }, ratio: oldReadMs / peerMs });
    emit({
      name: `sockets: connections view at 1 Hz (net.watch), ${WINDOW_SECONDS} s window, share of one core`,
      value: watch.percent,
      unit: '%',
      baseline: { name: `${PEER.join(' ')} at 1 Hz`, value: peerMs / 10 },
      ratio: watch.percent / (peerMs / 10),
      budget: { limit: ONE_HZ_BUDGET_PERCENT, met: watch.percent <= ONE_HZ_BUDGET_PERCENT },
    });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

await main();
