// Runs inside the `sockets` bench's own network namespace (see sockets.ts): makes the sockets, then measures
// the readers and the live view against them. Prints one BenchFigure per stdout line; progress on stderr.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpuUsage } from 'node:process';
import { createInterface } from 'node:readline';
import { readInetSockets } from '../native-bridge/netfiles/read-sockets.js';
import { readTimewaitCount } from '../native-bridge/netfiles/sockstat.js';
import { createWatchSocketReader } from '../native-bridge/netfiles/watch-sockets.js';
import { buildSockDiag } from '../scripts/build-sockdiag.mjs';
import { createNetFilesService } from '../native-bridge/netfiles/service.js';
import { THRESHOLDS } from '../native-bridge/findings/thresholds.js';
import { clockTicks } from '../native-bridge/processes/host-facts.js';
import { cpuMsPerCall } from './measure.js';
import { TIME_WAIT_LOAD } from './socket-load.js';
import type { BenchFigure } from './types.js';

const TIME_WAIT_TARGET = 24_500;
const ESTABLISHED_PAIRS = 150;
const LISTENERS = 20;
const ONE_HZ_BUDGET_PERCENT = 2;
// 30 s: the window holds one refresh of the TIME_WAIT finding's peer (every 30 s, a whole read of the tables).
const WINDOW_SECONDS = 30;
const PEER = ['ss', '-tan', 'state', 'established'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text: string): void => void process.stderr.write(`sockets bench: ${text}\n`);
const round = (n: number): number => Number(n.toPrecision(3));
const emit = (f: BenchFigure): void =>
  void process.stdout.write(
    `${JSON.stringify({ ...f, value: round(f.value), ...(f.baseline ? { baseline: { ...f.baseline, value: round(f.baseline.value) } } : {}) })}\n`,
  );

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

function pidCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/** CPU per call of an async reader, this process's plus a helper process's (from its /proc stat, 10 ms ticks: many calls). */
async function readerCpuMs(read: () => Promise<unknown>, helperPid: () => number | undefined, calls: number): Promise<number> {
  for (let i = 0; i < 3; i++) await read();
  const own = cpuUsage();
  const pid = helperPid();
  const helperBefore = pidCpuMs(pid);
  for (let i = 0; i < calls; i++) await read();
  const spent = cpuUsage(own);
  return ((spent.user + spent.system) / 1000 + pidCpuMs(pid) - helperBefore) / calls;
}

/** (b) ss with a state filter, spawned per tick and its lines split, plus the TIME_WAIT count it cannot give. */
function ssTick(): number {
  const r = spawnSync('ss', ['-tuanHe', 'exclude', 'time-wait'], { encoding: 'latin1', env: { LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  let rows = 0;
  for (const line of r.stdout.split('\n')) if (line.split(/\s+/).length > 5) rows++;
  return rows + (readTimewaitCount('/proc') ?? 0);
}

/** The whole-table reader the watch used before: every line of every table, TIME_WAIT listed row by row. */
const wholeTables = { read: () => ({ sockets: readInetSockets('/proc'), timeWait: 0, via: 'proc' as const }), close: () => undefined };

type WatchKind = 'whole /proc tables (before)' | '/proc, TIME_WAIT lines skipped' | 'sock_diag helper';

/**
 * net.watch with one subscriber at 1 Hz and the findings engine's socket counts, once the TIME_WAIT count is at its threshold (what a user watching this machine
 * pays: the finding needs 30 s): this process's CPU, and the helper's, over the window.
 */
async function watchShare(kind: WatchKind, helper: string | null): Promise<{ percent: number; ticks: number; finding: string }> {
  const service = createNetFilesService({ sockDiagHelper: helper, ...(kind === 'whole /proc tables (before)' ? { watchSockets: wholeTables } : {}) });
  let ticks = 0;
  let finding = '';
  const stopView = service['net.watch']({}, { next: () => ticks++, fail: (e) => { throw e; } });
  // What the findings engine's time-wait rule reads each tick: the count, and the peer while its finding is said.
  const stopReadings = service.watchSockets(
    (r) => {
      if (r.timeWait >= THRESHOLDS['time-wait'].warn) finding = `${r.timeWait} connections are in TIME_WAIT, most of them with ${r.timeWaitPeer()}`;
    },
    (e) => { throw e; },
  );
  const stop = () => {
    stopView();
    stopReadings();
  };
  const deadline = performance.now() + 90_000;
  while (!finding && performance.now() < deadline) await sleep(500);
  if (!finding) throw new Error(`${kind}: no TIME_WAIT finding within 90 s`);
  const before = ticks;
  const pid = service.watchHelperPid();
  const helperBefore = pidCpuMs(pid);
  const sweepsBefore = service.watchSweeps();
  const start = cpuUsage();
  const wall = performance.now();
  await sleep(WINDOW_SECONDS * 1000);
  const used = cpuUsage(start);
  const helperMs = pidCpuMs(pid) - helperBefore;
  const percent = (((used.user + used.system) / 1000 + helperMs) / (performance.now() - wall)) * 100;
  const counted = ticks - before;
  stop();
  service.close();
  say(`net.watch (${kind}): ${percent.toFixed(2)} % (helper ${helperMs} ms), ${counted} ticks and ${service.watchSweeps() - sweepsBefore} descriptor sweeps in ${WINDOW_SECONDS} s; the finding says: ${finding}`);
  return { percent, ticks: counted, finding };
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    setUpNamespace();
    const helper = buildSockDiag(ROOT, say);
    if (!helper) throw new Error('the sock_diag helper could not be built (a C compiler is needed)');
    say(`making ${TIME_WAIT_TARGET} TIME_WAIT sockets, ${ESTABLISHED_PAIRS * 2} established, ${LISTENERS + 2} listening…`);
    await startLoad(children);
    const counts = tcpCounts();
    say(`${counts.total} TCP sockets, ${counts.timeWait} in TIME_WAIT, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    // The same sockets through each reader, one right after the other (the load churns ~400 sockets a second).
    const diag = createWatchSocketReader({ procRoot: '/proc', helper });
    const skipping = createWatchSocketReader({ procRoot: '/proc', helper: null });
    const a = await diag.read();
    const whole = tcpCounts();
    const c = await skipping.read();
    const listed = (t: { sockets: { protocol: string }[] }): number => t.sockets.filter((x) => x.protocol === 'tcp').length;
    say(`TIME_WAIT counted: sock_diag + sockstat ${a.timeWait} (${a.via}), whole tables ${whole.timeWait}, /proc skipping ${c.timeWait}; other TCP sockets listed: ${listed(a)}, ${whole.total - whole.timeWait}, ${listed(c)}`);

    const oldMs = await cpuMsPerCall(() => readInetSockets('/proc'), 1, 9);
    const skipMs = await readerCpuMs(() => skipping.read(), () => undefined, 20);
    const diagMs = await readerCpuMs(() => diag.read(), () => diag.helperPid(), 200);
    diag.close();
    const ssMs = measureSs();
    const peerMs = commandCpuMs(PEER, 20);
    // Not the live view: the socket list the Connections page polls every 5 s, every socket listed (TIME_WAIT too).
    const listing = createNetFilesService({ sockDiagHelper: null });
    await listing['net.connections']({});
    const listMs = await cpuMsPerCall(() => listing['net.connections']({}), 1, 5);
    listing.close();

    // Cheapest first: each watch leaves garbage (the whole-table one, 25,000 rows a second) that the next pays to collect.
    const after = await watchShare('sock_diag helper', helper);
    const viaProc = await watchShare('/proc, TIME_WAIT lines skipped', null);
    const before = await watchShare('whole /proc tables (before)', null);

    emit({ name: 'sockets: TCP sockets in the namespace', value: counts.total, unit: 'sockets' });
    emit({ name: 'sockets: of them in TIME_WAIT', value: counts.timeWait, unit: 'sockets' });
    const perTick = (name: string, value: number): void =>
      emit({ name: `sockets: ${name}, CPU per tick`, value, unit: 'ms', baseline: { name: 'whole tables (before)', value: oldMs }, ratio: value / oldMs });
    emit({ name: 'sockets: (before) whole /proc/net/{tcp,udp}{,6} parsed, CPU per tick', value: oldMs, unit: 'ms', baseline: { name: PEER.join(' '), value: peerMs }, ratio: oldMs / peerMs });
    perTick('(c) /proc read, TIME_WAIT lines counted at their state column and skipped', skipMs);
    perTick('(b) ss -tuanHe exclude time-wait spawned + sockstat', ssMs);
    perTick('(a) sock_diag helper (all states but TIME_WAIT, one walk) + sockstat, helper CPU included', diagMs);
    emit({ name: `sockets: ${PEER.join(' ')} (the peer), CPU per run`, value: peerMs, unit: 'ms' });
    const oneHz = (name: string, r: { percent: number }, budget: boolean): void =>
      emit({
        name: `sockets: connections view at 1 Hz (net.watch, TIME_WAIT finding up), ${name}, share of one core`,
        value: r.percent,
        unit: '%',
        baseline: { name: `${PEER.join(' ')} at 1 Hz`, value: peerMs / 10 },
        ratio: r.percent / (peerMs / 10),
        ...(budget ? { budget: { limit: ONE_HZ_BUDGET_PERCENT, met: r.percent <= ONE_HZ_BUDGET_PERCENT } } : {}),
      });
    oneHz('before: whole tables', before, false);
    oneHz('/proc with TIME_WAIT skipped (no helper)', viaProc, false);
    oneHz('sock_diag helper (the default)', after, true);
    emit({
      name: 'sockets: (not net.watch) net.connections, the list the Connections page polls every 5 s, CPU per call',
      value: listMs,
      unit: 'ms',
      baseline: { name: 'whole tables (before)', value: oldMs },
      ratio: listMs / oldMs,
    });
    emit({ name: 'sockets: connections view at 1 Hz, sock_diag helper vs before', value: after.percent, unit: '%', baseline: { name: 'before', value: before.percent }, ratio: after.percent / before.percent });
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

function measureSs(): number {
  for (let i = 0; i < 2; i++) ssTick();
  const before = childrenCpuMs();
  const own = cpuUsage();
  const runs = 20;
  for (let i = 0; i < runs; i++) ssTick();
  const spent = cpuUsage(own);
  return (childrenCpuMs() - before + (spent.user + spent.system) / 1000) / runs;
}

await main();
