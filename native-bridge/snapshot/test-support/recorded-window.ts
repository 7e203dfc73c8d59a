// A real recording to take past snapshots of: the real backend records (short batches), with two children
// in its process frames: /bin/sleep, and a python3 with a password on its command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { until } from '../../../test-support/until.js';

export const SECRET_ARG = '--password=hunter2';

export interface RecordedWindow extends TestClient {
  /** Before the first recorded moment. */
  startedAt: number;
  sleepPid: number;
  secretPid: number;
  /** Kills the children, closes the backend and removes its folder. */
  stop(): void;
}

/**
 * Records until a frame holds both children and at least `points` system samples are stored; stateDir is
 * where history.db goes (a CLI test points XDG_STATE_HOME at its parent).
 */
export async function recordWindow(options: { stateDir?: string; points?: number } = {}): Promise<RecordedWindow> {
  const startedAt = Date.now();
  const test = connectTestClient({
    prefix: 'triage-past-snapshot-',
    record: true,
    historyTuning: { flushMs: 200, frameMs: 1000 },
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
  });
  const children: ChildProcess[] = [
    spawn('/bin/sleep', ['300'], { stdio: 'ignore' }),
    spawn('python3', ['-c', 'import time; time.sleep(300)', SECRET_ARG], { stdio: 'ignore' }),
  ];
  const stop = (): void => {
    for (const child of children) child.kill('SIGKILL');
    test.close();
  };
  try {
    const [sleepPid, secretPid] = children.map((c) => c.pid!) as [number, number];
    await until(async () => {
      const frame = await test.client.call('history.processesAt', { at: Date.now() }).catch(() => null);
      return frame !== null && [sleepPid, secretPid].every((pid) => frame.rows.some((r) => r.pid === pid));
    }, 'a recorded frame holding both children', 60_000);
    await until(async () => {
      const series = await test.client.call('history.series', { from: startedAt, to: Date.now(), maxPoints: 600, series: ['cpu.busy'] });
      return series.times.length >= (options.points ?? 3);
    }, 'recorded system samples', 60_000);
    return { ...test, startedAt, sleepPid, secretPid, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
