/** A fresh `triage record` (the built CLI, a new state folder) until its first sample is in the file. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { median } from './measure.js';
import type { BenchFigure } from './types.js';

const repo = join(import.meta.dirname, '..');

function hasSample(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM blocks').get() as { n: number }).n > 0;
    } finally {
      db.close();
    }
  } catch {
    return false; // not created yet, or its tables not yet
  }
}

async function once(): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'triage-bench-record-'));
  const env = { ...process.env, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config') };
  const start = performance.now();
  const child = spawn(process.execPath, [join(repo, 'bin', 'triage.js'), 'record'], { env, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const path = join(home, 'state', 'triage', 'history.db');
    const deadline = start + 30_000;
    while (!hasSample(path)) {
      if (performance.now() > deadline) throw new Error('triage record wrote nothing within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now() - start;
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
}

export async function startupFigures(): Promise<BenchFigure[]> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await once());
  const value = median(runs);
  return [{ name: 'history: fresh `triage record` until its first sample is in the file, median of 5', value: Math.round(value), unit: 'ms', budget: { limit: 1000, met: value <= 1000 } }];
}
