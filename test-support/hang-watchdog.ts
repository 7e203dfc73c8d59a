// A vitest setup file. vitest's timeouts cannot interrupt synchronous code: a test stuck in a loop (as the
// socket-owner search once was, issue 19) holds its worker, and the whole run, forever. A watchdog thread in
// each test process watches the main thread's heartbeat; when it has not beaten for TRIAGE_TEST_HANG_MS
// (default 3 min: above the 60 s test timeout and the longest spawnSync a test makes), it names the test,
// then kills the process. vitest reports the file as failed and goes on.
import { Worker } from 'node:worker_threads';
import { beforeEach } from 'vitest';

const HANG_MS = Number(process.env.TRIAGE_TEST_HANG_MS) || 180_000;
const BEAT_MS = 1000;

// The main thread only counts its beats; the watchdog times them with its own clock, which a test's fake
// timers (vi.useFakeTimers, vi.setSystemTime, in the main thread's realm) cannot move.
const WATCHDOG = `
const { workerData, parentPort } = require('node:worker_threads');
const beats = new Int32Array(workerData.beats);
let current = 'no test started yet';
let lastCount = Atomics.load(beats, 0);
let lastChange = Date.now();
parentPort.on('message', (name) => { current = name; });
setInterval(() => {
  const count = Atomics.load(beats, 0);
  if (count !== lastCount) { lastCount = count; lastChange = Date.now(); return; }
  const silent = Date.now() - lastChange;
  if (silent < workerData.hangMs) return;
  // Straight to descriptor 2: a worker thread's process.stderr goes through the blocked main thread.
  require('node:fs').writeSync(2, '\\ntriage test watchdog: the test process ' + process.pid + ' has not run for ' + Math.round(silent / 1000)
    + ' s, stuck in synchronous code in: ' + current + '. Killing it so the run fails instead of hanging.\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000).unref?.();
`;

interface Watchdog {
  worker: Worker;
}

const key = Symbol.for('triage.test.watchdog');
const holder = globalThis as unknown as Record<symbol, Watchdog | undefined>;

// One watchdog per process: setup files run again for every test file a worker takes.
if (!holder[key]) {
  const beats = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { beats: beats.buffer, hangMs: HANG_MS } });
  worker.unref();
  // Scheduled before any test can install fake timers, so it stays a real timer.
  setInterval(() => Atomics.add(beats, 0, 1), BEAT_MS).unref();
  holder[key] = { worker };
}
const watchdog = holder[key]!;

beforeEach((context) => {
  watchdog.worker.postMessage(`${context.task.file.name} > ${context.task.name}`);
});
