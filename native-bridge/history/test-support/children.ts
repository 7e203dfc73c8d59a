import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..', '..');

export interface RecordingChild {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when it printed "recording" (its first sample is in the file), rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** Starts test-support/recording-child.ts: a real backend recording into `stateDir`. */
export function startRecordingChild(stateDir: string, flushMs = 1000): RecordingChild {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'recording-child.ts'), stateDir, String(flushMs)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRIAGE_HISTORY: '' },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('recording\n')) resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`recording child exited (${code}) before recording: ${out} ${err}`)));
  });
  ready.catch(() => undefined); // a test that never waits for it must not see an unhandled rejection
  return { child, pid: child.pid!, stdout: () => out, stderr: () => err, ready, exited };
}
