// @vitest-environment happy-dom
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { perTestTempDir } from '../../../test-support/temp-dir.js';
import { CLOSE_WAIT_SERVER, DELETED_HOLDER, LISTENERS } from '../../../native-bridge/netfiles/test-support/child-scripts.js';
import { NodeChildren } from '../../../native-bridge/netfiles/test-support/children.js';
import { waitFor } from '../../../test-support/until.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import type { TriageClient } from '../../client/index.js';
import { groupConnections } from './grouping.js';
import { rankDeleted } from './ranking.js';
import { createNetworkStore } from './store.js';

const children = new NodeChildren();
const tempDir = perTestTempDir('triage-net-store-del-');
let connection: TestClient;
let client: TriageClient;

beforeAll(() => {
  connection = connectTestClient({ prefix: 'triage-net-store-' });
  client = connection.client;
});
afterEach(() => {
  children.killAll();
});
afterAll(() => connection.close());

describe('network store on the real backend', () => {
  it('answers "what is on port N?" with the pid of a child listening on loopback, IPv4 and IPv6', async () => {
    const child = children.start(LISTENERS);
    const [v4, v6] = (await child.ready).split(' ').map(Number);
    const store = createNetworkStore(() => client);
    await store.getState().askPort(`port ${v4}`);
    const answer = store.getState().portAnswer!;
    expect(answer.port).toBe(v4);
    expect(answer.matches.map((p) => p.owners[0]?.pid)).toEqual([child.pid]);
    expect(answer.lines[0]).toBe(`node (pid ${child.pid}, root) listens on TCP 127.0.0.1:${v4} — this machine only (loopback).`);
    await store.getState().askPort(String(v6));
    expect(store.getState().portAnswer!.lines[0]).toContain(`listens on TCP [::1]:${v6}`);
    await store.getState().askPort('99999');
    expect(store.getState().portAnswer).toBeNull();
    expect(store.getState().portError).toBe('Type a port number from 1 to 65535.');
  });

  it('groups the CLOSE_WAIT sockets of a server under its pid with the exact count', async () => {
    const server = children.start(CLOSE_WAIT_SERVER);
    const port = Number(await server.ready);
    const sockets = await Promise.all([1, 2, 3, 4].map(() => new Promise<Socket>((ok) => { const s = connect(port, '127.0.0.1', () => ok(s)); })));
    for (const s of sockets) s.end();
    const store = createNetworkStore(() => client);
    try {
      const group = await waitFor(async () => {
        await store.getState().refreshConnections();
        const g = groupConnections(store.getState().connections.data!.connections, 'process').find((x) => x.key.startsWith(`p:${server.pid}:`));
        return g && g.byState.CLOSE_WAIT === 4 ? g : null;
      }, 'four CLOSE_WAIT sockets on the server');
      expect(group.label).toBe(`node (pid ${server.pid}, root)`);
      expect(group.byState).toEqual({ CLOSE_WAIT: 4, LISTEN: 1 });
    } finally {
      for (const s of sockets) s.destroy();
    }
  });

  it('applies net.watch messages as they come: history first, then one tick each, with the child in them', async () => {
    const child = children.start(LISTENERS);
    await child.ready;
    const store = createNetworkStore(() => client);
    store.getState().startWatch();
    try {
      await waitFor(() => store.getState().watch.ticks.length >= 3, 'three ticks');
      const ticks = store.getState().watch.ticks;
      expect(store.getState().watch.status).toBe('live');
      expect(ticks.every((t, i) => i === 0 || t.time > ticks[i - 1]!.time)).toBe(true);
      // The owner cache looks new sockets up on a later tick: wait until the child's listeners are attributed.
      const mine = await waitFor(
        () => store.getState().watch.ticks.at(-1)!.processes.find((p) => p.pid === child.pid),
        'the child in a tick',
      );
      expect(mine.counts.LISTEN).toBe(3);
    } finally {
      store.getState().stopWatch();
    }
    expect(store.getState().watch.status).toBe('idle');
  });

  it('ranks a deleted 8 MiB file held by a child, and lists it among its open files', async () => {
    const dir = tempDir();
    const path = join(dir, 'gone.bin');
    const child = children.start(DELETED_HOLDER, [path, '8']);
    await child.ready;
    const store = createNetworkStore(() => client);
    await store.getState().refreshDeleted();
    const files = rankDeleted(store.getState().deleted.data!.files);
    const mine = files.find((f) => f.path === path)!;
    expect(mine.sizeBytes).toBe(8 * 1024 * 1024);
    expect(mine.holders.map((h) => h.pid)).toEqual([child.pid]);
    expect(store.getState().deleted.data!.byProcess.find((g) => g.pid === child.pid)!.restartGainBytes).toBe(mine.allocatedBytes);

    store.getState().setOpenPid(String(child.pid));
    await store.getState().loadOpenFiles();
    const open = store.getState().openFiles.data!;
    expect(open.pid).toBe(child.pid);
    expect(open.files.find((f) => f.path === path)).toMatchObject({ deleted: true, type: 'file', mode: 'w' });
    expect(store.getState().tab).toBe('files');
  });

  it('says in a sentence when the pid is not a number or the process is gone', async () => {
    const store = createNetworkStore(() => client);
    store.getState().setOpenPid('12abc');
    await store.getState().loadOpenFiles();
    expect(store.getState().openFiles.error).toBe('Type a process id: a whole number such as 1234.');
    await store.getState().loadOpenFiles(4_000_000);
    expect(store.getState().openFiles.error).toBe('Process 4000000 is not running (it may already have exited).');
  });
});
