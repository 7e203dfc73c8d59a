// @vitest-environment happy-dom
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { CLOSE_WAIT_SERVER, DELETED_HOLDER, LISTENERS } from '../../../native-bridge/netfiles/test-support/child-scripts.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { setClientForTests } from '../../client/index.js';
import { NetworkPage } from './NetworkPage.js';
import { ConnectionsTab, OpenFilesTab } from './index.js';
import { useNetwork } from './store.js';
import { untilRendered as until } from '../../test-support/until-rendered.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const HOSTILE = '<img src=x onerror=alert(1)>';
const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
const all = (id: string) => [...document.querySelectorAll(`[data-testid="${id}"]`)];

/** node under a symlink named like markup, so its process name (comm) is markup too. */
function startNode(dir: string, script: string, args: string[] = []): { child: ChildProcess; ready: Promise<string> } {
  const program = join(dir, HOSTILE);
  try {
    symlinkSync(process.execPath, program);
  } catch {
    // Already linked by an earlier child of this test.
  }
  const child = spawn(program, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, ready };
}

/** Whether this user may create a network namespace (root here and in CI); the reason otherwise. */
function probeUnshare(): string | null {
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare is not installed (${probe.error.message})`;
  return probe.status === 0 ? null : `unshare --net fails (${probe.stderr.trim() || `exit ${probe.status}`}): creating a network namespace needs root`;
}
const cannotUnshare = probeUnshare();
if (cannotUnshare) console.log(`skipping the network-namespace row test: ${cannotUnshare}`);

function typeInto(input: HTMLInputElement, text: string): void {
  // React listens for the native input event and reads the value through the prototype's setter.
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('network page and process tabs on the real backend', () => {
  let connection: TestClient;
  let dir: string;
  let root: Root;
  let host: HTMLDivElement;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    // happy-dom lays nothing out: give the virtual lists' scroll boxes the size a browser would.
    for (const [prop, size] of [['clientHeight', 500], ['offsetHeight', 500], ['clientWidth', 1200], ['offsetWidth', 1200]] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, {
        configurable: true,
        get(this: HTMLElement) {
          return this.classList.contains('nf-scroll') ? size : 0;
        },
      });
    }
    // The engine's CLOSE_WAIT rule, made quick through the same overrides `triage thresholds` writes.
    connection = connectTestClient({ prefix: 'triage-net-page-', files: { 'findings.json': JSON.stringify({ 'close-wait': { warn: 4, minMs: 1000 } }) } });
    dir = connection.configDir;
    setClientForTests(connection.client);
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });

  afterAll(() => {
    act(() => root.unmount());
    useNetwork.getState().stopWatch();
    for (const prop of ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth']) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    connection.close();
  });

  it('answers the port search with the listening child, whose markup name shows as text', async () => {
    const { child, ready } = startNode(dir, LISTENERS);
    children.push(child);
    const [v4] = (await ready).split(' ');
    await act(async () => root.render(<NetworkPage />));
    await until(() => byTestId('network-status')?.textContent?.startsWith('Live') === true, 'the live view');

    await act(async () => (byTestId('network-tab-listening') as HTMLButtonElement).click());
    await act(async () => typeInto(byTestId('port-search') as HTMLInputElement, v4!));
    await until(() => byTestId('port-answer') !== null, 'the answer');
    const answer = byTestId('port-answer')!;
    expect(answer.getAttribute('data-port')).toBe(v4);
    expect(answer.textContent).toBe(`${HOSTILE.slice(0, 15)} (pid ${child.pid}, root) listens on TCP 127.0.0.1:${v4} — this machine only (loopback).`);
    expect(all('listening-row').map((r) => r.getAttribute('data-pid'))).toEqual([String(child.pid)]);
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows a deleted file held by a child with its size and the restart gain', async () => {
    const path = join(dir, 'held.bin');
    const { child, ready } = startNode(dir, DELETED_HOLDER, [path, '3']);
    children.push(child);
    await ready;
    await act(async () => (byTestId('network-tab-deleted') as HTMLButtonElement).click());
    await until(() => all('deleted-row').some((r) => r.getAttribute('data-path') === path), 'the deleted file');
    const row = all('deleted-row').find((r) => r.getAttribute('data-path') === path)!;
    expect(row.getAttribute('data-pid')).toBe(String(child.pid));
    expect(row.querySelector('[data-testid="deleted-size"]')!.textContent).toBe('3.0 MiB');
    const gain = all('restart-gain').find((g) => g.getAttribute('data-pid') === String(child.pid))!;
    expect(gain.textContent).toContain('3.0 MiB');
    // One fact, one sentence: the findings panel and the Deleted view print the same line, and it counts the
    // very list the view shows (never "no deleted files" above a list that has one).
    const listed = useNetwork.getState().deleted.data!.files;
    const sentence = byTestId('deleted-total')!.textContent!;
    expect(byTestId('findings-deleted')!.textContent).toBe(sentence);
    expect(sentence).toMatch(listed.length === 1 ? /^1 deleted file still open holds / : new RegExp(`^${listed.length} deleted files still open hold `));
    expect(sentence).toContain(`the largest is ${listed[0]!.path}`);
    expect(document.body.textContent).not.toMatch(/no (large )?deleted files? (is )?held open/i);
  });

  it("shows the findings engine's CLOSE_WAIT finding, whose link opens the connections filtered to its sockets; it goes with its process", async () => {
    const { child, ready } = startNode(dir, CLOSE_WAIT_SERVER);
    children.push(child);
    const port = Number(await ready);
    const clients = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<Socket>((resolve, reject) => {
            const s = connect(port, '127.0.0.1', () => resolve(s));
            s.once('error', reject);
          }),
      ),
    );
    try {
      for (const c of clients) c.end();
      const mine = () => all('finding-close-wait').find((card) => card.textContent?.includes(`(pid ${child.pid})`));
      // What the page said at each change, and whether the finding about the server was shown then.
      const verdicts: { text: string; found: boolean }[] = [];
      const observer = new MutationObserver(() => verdicts.push({ text: byTestId('findings-verdict')?.textContent ?? '', found: mine() !== undefined }));
      observer.observe(host, { subtree: true, childList: true, characterData: true });
      await act(async () => root.render(<NetworkPage />));
      await until(() => mine() !== undefined, "the engine's CLOSE_WAIT finding about the server");
      observer.disconnect();
      const card = mine()!;
      // The engine's sentence, as the Findings page says it; the markup name shows as text.
      expect(card.textContent).toContain(`${HOSTILE.slice(0, 15)} (pid ${child.pid}) holds 4 connections its peers have closed (most with 127.0.0.1:`);
      expect(document.querySelector('img')).toBeNull();
      // Once the engine saw the pile-up, the page never said nothing was wrong with connections: it said the
      // condition was lasting, until the finding showed. (On a loaded machine the page's first report can
      // already hold the finding: the pile-up lasted its minimum before the page asked.)
      const seen = verdicts.findIndex((v) => v.found || v.text.startsWith('Not judged yet: Sockets stuck in CLOSE_WAIT (its condition has held for'));
      expect(seen).toBeGreaterThanOrEqual(0);
      expect(verdicts.slice(seen).filter((v) => /nothing looks wrong/i.test(v.text))).toEqual([]);
      const link = card.querySelector('a.finding-next') as HTMLAnchorElement;
      const start = useNetwork.getState().watch.ticks.at(-1)!.processes.find((p) => p.pid === child.pid)!.startTime;
      expect(link.getAttribute('href')).toBe(`#/network?pid=${child.pid}&start=${start}&state=CLOSE_WAIT&q=${child.pid}`);

      // Following it (the page mounts again on the new route): the Connections view, filtered to those sockets.
      await act(async () => root.render(<></>));
      await act(async () => useNetwork.getState().setTab('listening'));
      window.location.hash = link.getAttribute('href')!;
      await act(async () => root.render(<NetworkPage />));
      expect(useNetwork.getState()).toMatchObject({ tab: 'connections', stateFilter: 'CLOSE_WAIT', textFilter: String(child.pid) });
      await until(() => all('connection-row').filter((r) => r.getAttribute('data-pid') === String(child.pid)).length === 4, 'the four CLOSE_WAIT rows');
      expect(new Set(all('connection-row').map((r) => r.getAttribute('data-state')))).toEqual(new Set(['CLOSE_WAIT']));

      // The process exits: its finding goes at once, though the clear time is a minute (its sockets went with it).
      child.kill('SIGKILL');
      await until(() => mine() === undefined, 'the finding to go with its process');
    } finally {
      for (const c of clients) c.destroy();
      window.location.hash = '';
      await act(async () => {
        useNetwork.getState().setStateFilter(null);
        useNetwork.getState().setTextFilter('');
      });
    }
  });

  it('mounts the Connections and Open files tabs for one process by pid and start time', async () => {
    const { child, ready } = startNode(dir, LISTENERS);
    children.push(child);
    await ready;
    const facts = await connection.backend.implementation['files.open']({ pid: child.pid! });
    await act(async () =>
      root.render(
        <>
          <ConnectionsTab pid={child.pid!} startTime={facts.startTime} />
          <OpenFilesTab pid={child.pid!} startTime={facts.startTime} />
        </>,
      ),
    );
    await until(() => /^3 sockets/.test(byTestId('process-connections-summary')?.textContent ?? ''), 'the three listeners');
    expect(byTestId('process-connections-summary')!.textContent).toBe('3 sockets: 3 LISTEN');
    expect(all('connection-row').map((r) => r.getAttribute('data-state'))).toEqual(['LISTEN', 'LISTEN', 'LISTEN']);
    await until(() => all('open-file-row').length > 0, 'the descriptors');
    expect(all('open-file-row').filter((r) => r.getAttribute('data-type') === 'socket').length).toBeGreaterThanOrEqual(3);

    // A start time that is not this process's: never shows another process's files in its place.
    await act(async () => root.render(<OpenFilesTab pid={child.pid!} startTime={facts.startTime + 1} />));
    await until(() => document.querySelector('[data-testid="process-open-files"] .error-box') !== null, 'the mismatch');
    expect(all('open-file-row')).toHaveLength(0);
  });

  it.skipIf(cannotUnshare !== null)('lists a child in its own network namespace under the interfaces, its markup name as text', async () => {
    const program = join(dir, HOSTILE);
    try {
      symlinkSync(process.execPath, program);
    } catch {
      // Already linked by an earlier test.
    }
    const child = spawn('unshare', ['--net', '--', program, '-e', 'setInterval(() => {}, 1000); console.log("ready")'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve) => createInterface({ input: child.stdout! }).once('line', () => resolve()));
    await act(async () => root.render(<NetworkPage />));
    await act(async () => (byTestId('network-tab-connections') as HTMLButtonElement).click());
    await act(async () => useNetwork.getState().refreshInterfaces());
    await until(() => all('namespace-row').some((r) => r.textContent?.includes(`${child.pid} ${HOSTILE.slice(0, 15)}`) === true), 'the namespace row');
    expect(byTestId('namespaces')!.textContent).toContain('Network namespaces (containers, sandboxes)');
    expect(byTestId('namespaces-empty')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });
});
