// A recording backend in a process of its own (the real backend, the real feeds), for tests that kill it,
// fill its disk or start a second one. argv: STATE_DIR FLUSH_MS. Prints "recording" once its first sample
// is in the file, notices on stderr, and closes cleanly on SIGTERM.
import { recordingBackend } from './recording-backend.js';

const [stateDir, flushMs] = process.argv.slice(2);
if (!stateDir) throw new Error('usage: recording-child STATE_DIR [FLUSH_MS]');
const backend = recordingBackend(stateDir, {
  flushMs: Number(flushMs ?? 1000),
  onNotice: (sentence) => process.stderr.write(`notice: ${sentence}\n`),
  onError: (error) => process.stderr.write(`error: ${String(error)}\n`),
});
const started = await backend.implementation['history.status']({});
if (!started.recorder?.self) {
  process.stdout.write(`refused: ${started.notRecording}\n`);
  backend.close();
  process.exit(3);
}
const poll = setInterval(async () => {
  const status = await backend.implementation['history.status']({});
  if (status.newest !== null) {
    clearInterval(poll);
    process.stdout.write('recording\n');
  }
}, 50);
// The samplers' timers do not hold the process open by themselves.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.once('SIGTERM', () => {
  clearInterval(poll);
  clearInterval(keepAlive);
  backend.close();
  process.exit(0);
});
