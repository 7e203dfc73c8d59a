// Run by sockets.test.ts inside a network namespace of its own (`unshare --net`, loopback up): the connections
// view sees the sockets of its namespace only, so no other test's CLOSE_WAIT sockets can cause a sweep here.
// Prints one JSON line: the owner sweeps the findings-only watch made before and after each step.
import { connect, type Socket } from 'node:net';
import { createNetFilesService } from '../service.js';
import { SamplingClock } from '../../shared/sampling-clock.js';
import type { SocketReading } from '../../shared/socket-reading.js';
import { until } from '../../../test-support/until.js';
import { CLOSE_WAIT_SERVER } from './child-scripts.js';
import { NodeChildren } from './children.js';

function openClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

const children = new NodeChildren();
const service = createNetFilesService({ clock: new SamplingClock({ intervalMs: 250 }) });
const readings: SocketReading[] = [];
const stop = service.watchSockets(
  (r) => readings.push(r),
  (error) => {
    throw error;
  },
);
try {
  const server = children.start(CLOSE_WAIT_SERVER);
  const port = Number(await server.ready);
  await until(() => readings.length >= 1, 'a first reading');
  // Connections the server never reads from or closes: ESTABLISHED, nothing queued, no rule reads them.
  const quiet = await Promise.all([1, 2, 3].map(() => openClient(port)));
  const before = service.watchSweeps();
  const seen = readings.length;
  await until(() => readings.length >= seen + 2, 'two readings with the new connections', 30_000);
  const afterQuiet = service.watchSweeps();
  // Our ends close: the server's become CLOSE_WAIT, which a rule reads, so their owner is looked for.
  for (const s of quiet) s.end();
  await until(() => readings.at(-1)?.processes.some((p) => p.owner.pid === server.pid && p.closeWait === 3) ?? false, 'the server named with 3 CLOSE_WAIT', 30_000);
  const afterClose = service.watchSweeps();
  for (const s of quiet) s.destroy();
  process.stdout.write(`${JSON.stringify({ before, afterQuiet, afterClose })}\n`);
} finally {
  stop();
  service.close();
  children.killAll();
}
