// @vitest-environment happy-dom
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_COMMAND } from '../../../native-bridge/processes/privileged-helper-path.js';
import { ActionResult } from '../../../native-bridge/contract/processes.js';
import { compileEntry } from '../../../native-bridge/processes/test-support/children.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { setClientForTests } from '../../client/index.js';
import { ProcessesPage } from './ProcessesPage.js';
import { preferenceStorage } from '../../app/preference-storage.js';
import { targetOf, useProcesses } from './store.js';
import { readViewPreferences } from './view-preferences.js';
import { untilRendered as until } from '../../test-support/until-rendered.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

const stateInProc = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

function key(target: Element, keyName: string, init: KeyboardEventInit = {}): void {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init }));
  });
}

describe('processes page (happy-dom, real backend in-process, real child)', () => {
  let dir: string;
  let connection: TestClient;
  let child: ChildProcess;
  let root: Root;
  let host: HTMLDivElement;
  const marker = `0.${process.pid}${Date.now() % 1e6}`;

  beforeAll(async () => {
    // happy-dom has no layout engine: every element is 0 px tall, so the virtualised table would show no
    // row at all. Give the table's scroll box the height a browser would (the e2e test covers real layout).
    for (const [prop, size] of [['clientHeight', 600], ['offsetHeight', 600], ['clientWidth', 1200], ['offsetWidth', 1200]] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, {
        configurable: true,
        get(this: HTMLElement) {
          return this.dataset.testid === 'process-table' ? size : 0;
        },
      });
    }
    connection = connectTestClient({ mode: 'cli', prefix: 'triage-proc-page-' });
    dir = connection.configDir;
    // A program whose very name is markup: it must reach the screen as text.
    const hostile = join(dir, HOSTILE);
    symlinkSync('/usr/bin/sleep', hostile);
    child = spawn(hostile, ['1000', marker], { stdio: 'ignore' });
    setClientForTests(connection.client);
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    // Rendered inside act with time for the first calls (audit log) to answer, so no update escapes it.
    await act(async () => {
      root.render(<ProcessesPage />);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
  });

  afterAll(() => {
    act(() => root.unmount());
    for (const prop of ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth']) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    connection.close();
  });

  it('shows a hostile process name as text, and Esc / Enter cancel / confirm the dialog from the keyboard', async () => {
    const pid = child.pid!;
    const filter = host.querySelector<HTMLInputElement>('[data-testid="process-filter"]')!;
    // `/` anywhere outside a text field focuses the filter.
    key(document.body, '/');
    expect(document.activeElement).toBe(filter);
    act(() => useProcesses.getState().setFilter(marker));
    await until(() => host.querySelector(`[data-testid="process-row-${pid}"]`) !== null, 'the child row');

    const row = host.querySelector(`[data-testid="process-row-${pid}"]`)!;
    expect(row.textContent).toContain(HOSTILE.slice(0, 15)); // comm: the kernel keeps 15 characters
    expect(row.textContent).toContain(`${HOSTILE} 1000 ${marker}`);
    expect(host.querySelector('img')).toBeNull();

    act(() => (row as HTMLElement).click());
    const table = host.querySelector<HTMLElement>('[data-testid="process-table"]')!;
    expect(row.getAttribute('aria-selected')).toBe('true');
    await until(() => host.querySelector('[data-testid="detail-exe"]') !== null, 'the detail panel');
    expect(host.querySelector('[data-testid="detail-exe"]')!.textContent).toContain('/usr/bin/sleep');
    expect(host.querySelector('[data-testid="detail-cmdline"]')!.textContent).toContain(HOSTILE);

    // S on the table: the stop dialog names the process; Esc cancels and nothing happens.
    key(table, 's');
    let dialog = host.querySelector('[data-testid="confirm-dialog"]')!;
    expect(dialog).not.toBeNull();
    expect(dialog.textContent).toContain(`Stop (STOP)`);
    const target = dialog.querySelector('[data-testid="confirm-target"]')!;
    expect(target.textContent).toContain(String(pid));
    expect(target.textContent).toContain(`${HOSTILE} 1000 ${marker}`);
    expect(dialog.querySelector('img')).toBeNull();
    key(dialog, 'Escape');
    expect(host.querySelector('[data-testid="confirm-dialog"]')).toBeNull();
    expect(stateInProc(pid)).toBe('S');

    // Again, and Enter confirms.
    key(table, 's');
    dialog = host.querySelector('[data-testid="confirm-dialog"]')!;
    key(dialog, 'Enter');
    await until(() => host.querySelector('[data-testid="action-result"]') !== null, 'the result in place');
    const result = host.querySelector('[data-testid="action-result"]')!;
    expect(result.getAttribute('data-ok')).toBe('true');
    expect(result.textContent).toContain(`(pid ${pid}) (STOP)`);
    // The signal is sent; the kernel stops the process a moment later (a loaded machine may take a while).
    await until(() => stateInProc(pid) === 'T', 'the child to stop (state T in /proc)');
    await until(() => host.querySelector(`[data-testid="audit-entry"][data-pid="${pid}"]`) !== null, 'the audit entry');
    await until(() => host.querySelector(`[data-testid="process-row-${pid}"]`)?.getAttribute('data-state') === 'T', 'state T in the row');

    // Continue from the action bar button.
    act(() => host.querySelector<HTMLButtonElement>('[data-testid="action-CONT"]')!.click());
    act(() => host.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click());
    await until(() => stateInProc(pid) !== 'T', 'the child to run again');
    await until(() => host.querySelectorAll(`[data-testid="audit-entry"][data-pid="${pid}"]`).length === 2, 'two audit entries');
  });
  it('offers "Retry with administrator rights" only when pkexec exists, and shows the retry\'s result in place', async () => {
    const pid = child.pid!;
    const startTime = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
    const target = { pid, startTime, name: 'sleep', user: 'root', cmdline: 'sleep' };
    const privileged = { argv: ['/usr/bin/pkexec', 'kill'], commandLine: '/usr/bin/pkexec kill', pkexecAvailable: true };
    act(() =>
      useProcesses.setState({
        lastBatch: {
          request: { kind: 'signal', signal: 'CONT' },
          force: false,
          items: [{ target, result: { ok: false, code: 'EPERM', message: 'Needs administrator rights.', target: null, privileged } }],
        },
      }),
    );
    const retry = host.querySelector<HTMLButtonElement>('[data-testid="privileged-retry"]');
    expect(retry?.textContent).toBe('Retry with administrator rights');
    act(() => retry!.click());
    // Only an installed, root-owned /usr/lib/triage/triage-act may run as root, and this machine has none:
    // the backend answers with the command that installs it.
    await until(() => host.querySelector('[data-testid="action-result"]')?.textContent?.includes('Needs administrator rights') === false, 'the retry result');
    const item = host.querySelector('[data-testid="action-result"]')!;
    expect(item.getAttribute('data-code')).toBe('UNSUPPORTED');
    expect(item.textContent).toContain('not installed at /usr/lib/triage/triage-act');
    expect(item.textContent).toContain(INSTALL_COMMAND);
    expect(host.querySelector('[data-testid="privileged-retry"]')).toBeNull();
    await until(() => host.querySelector(`[data-testid="audit-entry"][data-pid="${pid}"]`)?.textContent?.includes('as administrator') === true, 'the audit entry');
  });

  it('warns about pid 1 in the dialog before anything is sent, and the confirm button of a kill has the danger colour', async () => {
    const init = useProcesses.getState().rows.find((r) => r.pid === 1)!;
    const sleeper = useProcesses.getState().rows.find((r) => r.pid === child.pid)!;
    const confirm = () => host.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!;
    const warning = () => host.querySelector('[data-testid="confirm-init-warning"]');

    act(() => void useProcesses.getState().requestAction({ kind: 'signal', signal: 'TERM' }, { targets: [targetOf(init)] }));
    // Shown while the dialog waits for the user: nothing has been sent yet.
    expect(useProcesses.getState().lastBatch?.items.some((i) => i.target.pid === 1) ?? false).toBe(false);
    expect(warning()!.textContent).toMatch(/^PID 1 \(.+\) is the first process of this machine or container; ending it ends everything else there/);
    expect(warning()!.textContent).toContain('refuses to signal PID 1 unless you then choose "Force anyway"');
    expect(confirm().className).toContain('danger-solid');
    key(host.querySelector('[data-testid="confirm-dialog"]')!, 'Escape');

    act(() => void useProcesses.getState().requestAction({ kind: 'signal', signal: 'KILL' }, { targets: [targetOf(sleeper)] }));
    expect(warning()).toBeNull();
    expect(confirm().className).toContain('danger-solid');
    key(host.querySelector('[data-testid="confirm-dialog"]')!, 'Escape');

    act(() => void useProcesses.getState().requestAction({ kind: 'signal', signal: 'CONT' }, { targets: [targetOf(sleeper)] }));
    expect(confirm().className).toBe('button primary');
    key(host.querySelector('[data-testid="confirm-dialog"]')!, 'Escape');
    expect(host.querySelector('[data-testid="confirm-dialog"]')).toBeNull();
  });

  it('draws an idle process\'s CPU on a fixed 0–10 % axis and keeps the split width the user chose', async () => {
    const sleeper = useProcesses.getState().rows.find((r) => r.pid === child.pid)!;
    act(() => useProcesses.getState().click(`${sleeper.pid}:${sleeper.startTime}`));
    await until(() => host.querySelector('[data-testid="detail-cpu-scale"]') !== null, 'the sparkline');
    // A sleeping process: 0.0 % noise stays at the bottom of a 0–10 % axis, not stretched to full height.
    expect(host.querySelector('[data-testid="detail-cpu"]')!.getAttribute('data-top')).toBe('10');
    expect(host.querySelector('[data-testid="detail-cpu-scale"]')!.textContent).toBe('scale 0–10%');

    // The panel and the table share one split; its handle moves from the keyboard too, and the width is saved.
    const split = host.querySelector<HTMLElement>('[data-testid="process-split"]')!;
    expect(split.querySelector('[data-testid="process-table"]')).not.toBeNull();
    expect(split.querySelector('[data-testid="process-detail"]')).not.toBeNull();
    const before = useProcesses.getState().detailWidth;
    key(host.querySelector('[data-testid="split-handle"]')!, 'ArrowLeft');
    expect(useProcesses.getState().detailWidth).toBe(before + 16);
    expect(split.style.getPropertyValue('--detail-width')).toBe(`${before + 16}px`);
    expect(readViewPreferences(preferenceStorage()).detailWidth).toBe(before + 16);
  });

  it('opens sorted by the resource a dashboard card links to', async () => {
    act(() => root.unmount());
    window.location.hash = '#/processes?sort=rss';
    root = createRoot(host);
    await act(async () => root.render(<ProcessesPage />));
    expect(useProcesses.getState().sort).toEqual({ column: 'rss', desc: true });
    expect(host.querySelector('[data-testid="sort-rss"]')!.closest('[role="columnheader"]')!.getAttribute('aria-sort')).toBe('descending');
    window.location.hash = '';
  });

  it('a real refusal (Triage running as nobody) offers the retry button exactly when pkexec is installed', async () => {
    const pid = child.pid!;
    const startTime = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
    // The backend here runs as root and is never refused: ask the real process control, as nobody, to stop
    // this root-owned child, and show what it answers.
    const nobodyDir = mkdtempSync(join(tmpdir(), 'triage-nobody-'));
    try {
      chmodSync(nobodyDir, 0o777);
      // happy-dom gives import.meta.url an http address; vitest runs from the repository root.
      const control = join(process.cwd(), 'native-bridge/processes/control.ts');
      const script = await compileEntry(
        nobodyDir,
        'refused',
        `import { createProcessControl } from ${JSON.stringify(control)};
         const [pid, startTime] = process.argv.slice(2).map(Number);
         const c = createProcessControl({ auditPath: ${JSON.stringify(join(nobodyDir, 'audit.jsonl'))} });
         process.stdout.write(JSON.stringify(await c.act({ pid, startTime, action: { kind: 'signal', signal: 'STOP' } })));`,
      );
      const run = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, script, String(pid), String(startTime)], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      const result = ActionResult.parse(JSON.parse(run.stdout));
      expect(result).toMatchObject({ ok: false, code: 'EPERM' });
      const pkexecInstalled = spawnSync('/usr/bin/which', ['pkexec']).status === 0;
      expect(result.privileged?.pkexecAvailable).toBe(pkexecInstalled);
      const target = { pid, startTime, name: 'sleep', user: 'root', cmdline: 'sleep' };
      act(() => useProcesses.setState({ lastBatch: { request: { kind: 'signal', signal: 'STOP' }, force: false, items: [{ target, result }] } }));
      const item = host.querySelector('[data-testid="action-result"]')!;
      expect(item.getAttribute('data-code')).toBe('EPERM');
      // Without pkexec the user still gets the exact command to run (sudo …), never a button that cannot work.
      expect(item.textContent).toContain(result.privileged!.commandLine);
      expect(host.querySelector('[data-testid="privileged-retry"]') !== null).toBe(pkexecInstalled);
      expect(stateInProc(pid)).toBe('S');
    } finally {
      rmSync(nobodyDir, { recursive: true, force: true });
    }
  });
});
