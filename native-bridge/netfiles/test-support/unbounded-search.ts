// Run as a child (`node --import tsx unbounded-search.ts`) by descriptor-cache.test.ts: the sweeps are
// synchronous, so a search that never ends could not be stopped by vitest's timeout inside the test's own
// process; from a child the test kills it at a deadline and fails instead of hanging.
// Prints one JSON line: { descriptors, searched: [links the owner search read at each sweep] }.
import { createDescriptorCache } from '../descriptor-cache.js';
import { readInetSockets } from '../read-sockets.js';
import { killAndReap, startChurn, startSocketHolder } from './socket-churn.js';

const churn = await startChurn();
const holder = await startSocketHolder();
try {
  // The unbounded budget the old test passed: only the lap rule can end a search.
  const cache = createDescriptorCache('/proc', { searchBudget: Number.POSITIVE_INFINITY });
  const searched = [cache.sweep(0, readInetSockets('/proc'), { purpose: 'sockets' }).searchRead];
  // One table, taken while the holder lives and the churn runs, reused for every sweep: the holder's socket
  // (and many churned ones) stay wanted after their owners are gone.
  const tables = readInetSockets('/proc');
  const port = Number(holder.line);
  if (!tables.some((s) => s.localPort === port && s.inode !== 0)) throw new Error(`the holder's socket (port ${port}) is not in the table`);
  await killAndReap(holder);
  for (let clock = 1; clock <= 4; clock++) {
    searched.push(cache.sweep(clock, tables, { purpose: 'sockets' }).searchRead);
  }
  console.log(JSON.stringify({ descriptors: cache.sweep(5).descriptors, searched }));
} finally {
  await killAndReap(holder);
  await killAndReap(churn);
}
