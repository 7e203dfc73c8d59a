import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { StartInput } from '../native-bridge/contract/trace.js';
import { createTraceEngine } from '../native-bridge/trace/trace-engine.js';
import { parseTraceLine } from '../native-bridge/trace/trace-line.js';
import { startTraceSession } from '../native-bridge/trace/session.js';
import { median } from './measure.js';
import type { BenchFigure, BenchSuite } from './types.js';

const fixtures = new URL('../native-bridge/trace/fixtures/', import.meta.url);

/** Real lines from this machine's captures plus typical synthetic ones, about 200,000 in all. */
function corpus(): string[] {
  const real = ['strace-ls-missing.txt', 'strace-pipeline-segv.txt', 'strace-connect-refused.txt', 'strace-purplebox.txt']
    .flatMap((f) => readFileSync(new URL(f, fixtures), 'utf8').split('\n'))
    .filter(Boolean);
  const synthetic = [
    '4242  12:00:00.000001 getppid()                 = 4241 <0.000003>',
    '4242  12:00:00.000002 openat(AT_FDCWD</home/u>, "/home/u/.config/app/settings.json", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory) <0.000011>',
    '4242  12:00:00.000003 read(3</etc/passwd>, "root:x:0:0:root:/root:/bin/bash\\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\\n"..., 4096) = 1845 <0.000006>',
    '4243  12:00:00.000004 connect(5<TCP:[1234]>, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused) <0.000050>',
    '4243  12:00:00.000005 futex(0x7f00aa, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>',
    '4242  12:00:00.000006 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f7c7acd8000 <0.000009>',
    '4243  12:00:00.000007 <... futex resumed>) = 0 <0.000100>',
    '4242  12:00:00.000008 newfstatat(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "", {st_mode=S_IFREG|0755, st_size=1926232, ...}, AT_EMPTY_PATH) = 0 <0.000006>',
  ];
  const out: string[] = [];
  while (out.length < 200_000) {
    for (const l of real) out.push(l);
    for (let k = 0; k < 40; k++) for (const l of synthetic) out.push(l);
  }
  return out;
}

async function parserFigures(): Promise<BenchFigure[]> {
  const lines = corpus();
  const rawRounds: number[] = [];
  const fullRounds: number[] = [];
  let sink = 0;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (const l of lines) sink += parseTraceLine(l).pid;
    rawRounds.push(lines.length / ((performance.now() - t0) / 1000));
    const engine = createTraceEngine({ tool: 'strace' });
    const t1 = performance.now();
    engine.lines(lines);
    engine.end();
    fullRounds.push(lines.length / ((performance.now() - t1) / 1000));
    engine.dispose();
  }
  if (sink === -1) console.log(sink);
  const raw = median(rawRounds);
  return [
    { name: 'strace line parser', value: Math.round(raw), unit: 'lines/s', budget: { limit: 500_000, met: raw >= 500_000 } },
    { name: 'parser + join + analysis + capped store', value: Math.round(median(fullRounds)), unit: 'lines/s' },
  ];
}

async function liveFigures(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'triage-bench-trace-'));
  try {
    const helper = join(dir, 'helper');
    execFileSync('gcc', ['-O2', '-o', helper, new URL('helper.c', fixtures).pathname]);
    // Load the pty module first: the figure is about streaming, not about importing a native addon.
    await import('node-pty');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const rssBefore = process.memoryUsage().rss;
    delay.enable();
    const session = await startTraceSession(StartInput.parse({ mode: 'launch', command: helper, args: ['syscalls', '10'] }), {
      captureRoot: dir,
    });
    let streamed = 0;
    session.onBatch((b) => {
      // What a transport would do with each batch: serialise it.
      streamed += JSON.stringify(b).length;
    });
    let peakRss = 0;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const final = await session.ended;
    clearInterval(rssTimer);
    delay.disable();
    const captured = readFileSync(session.capturePath, 'utf8').split('\n').filter(Boolean).length;
    const parsed = session.engine.parser.lines;
    const seconds = (Date.now() - final.startedAt) / 1000;
    const figures: BenchFigure[] = [
      { name: 'live trace: syscall lines captured', value: captured, unit: 'lines' },
      { name: 'live trace: lines per second', value: Math.round(captured / seconds), unit: 'lines/s' },
      {
        name: 'live trace: lines lost (captured - parsed)',
        value: captured - parsed,
        unit: 'lines',
        budget: { limit: 0, met: captured === parsed },
      },
      { name: 'live trace: events in memory (cap 50,000)', value: session.engine.store.size, unit: 'events' },
      { name: 'live trace: older events on disk only', value: session.engine.store.olderOnDisk, unit: 'events' },
      { name: 'live trace: peak RSS growth', value: Math.round((peakRss - rssBefore) / 1e6), unit: 'MB' },
      {
        name: 'live trace: max event-loop delay while streaming',
        value: Math.round(delay.max / 1e6),
        unit: 'ms',
        budget: { limit: 100, met: delay.max / 1e6 < 100 },
      },
      { name: 'live trace: batches serialised', value: Math.round(streamed / 1e6), unit: 'MB' },
    ];
    await session.discard();
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'trace',
  async run() {
    return [...(await parserFigures()), ...(await liveFigures())];
  },
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  void suite.run().then((figures) => {
    for (const f of figures) console.log(JSON.stringify(f));
  });
}
