import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { BenchFigure, BenchSuite } from './types.js';

/**
 * The connections view on a machine holding 25,000 sockets, most in TIME_WAIT. The sockets are made in a
 * network namespace of the bench's own (`unshare --net`, root): its port range and TIME_WAIT reuse can be set
 * there without touching the machine's, and nobody else's sockets enter the figures. Everything measured
 * runs inside it (sockets-netns.ts), since a process sees the socket tables of its own namespace only.
 */
async function run(): Promise<BenchFigure[]> {
  const inner = fileURLToPath(new URL('./sockets-netns.ts', import.meta.url));
  // execArgv carries tsx's loader, so the child runs the TypeScript as this process does.
  const child = spawn('unshare', ['--net', '--', process.execPath, ...process.execArgv, inner], { stdio: ['ignore', 'pipe', 'inherit'] });
  const figures: BenchFigure[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => figures.push(JSON.parse(line) as BenchFigure));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`the sockets bench exited with code ${code} (it needs root, for unshare --net, and iproute2's ip and ss)`);
  }
  return figures;
}

export const suite: BenchSuite = { name: 'sockets', run };
