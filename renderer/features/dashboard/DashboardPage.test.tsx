// @vitest-environment happy-dom
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../native-bridge/contract/index.js';
import { createBackend, type Backend } from '../../../native-bridge/server/backend.js';
import { createSystemCollector } from '../../../native-bridge/platform/system-collector.js';
import { createInProcessClient } from '../../../native-bridge/server/transports/in-process.js';
import { formatBytes } from '../../app/format.js';
import { setClientForTests } from '../../client/index.js';
import { DashboardPage } from './DashboardPage.js';
import { useDashboard } from './store.js';
import { untilRendered as until } from '../../test-support/until-rendered.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);

describe('dashboard page on the real backend', () => {
  let backend: Backend;
  let close: () => void;
  let configDir: string;
  let root: Root;
  let container: HTMLDivElement;

  beforeAll(() => {
    configDir = mkdtempSync(join(tmpdir(), 'triage-page-'));
    backend = createBackend({ mode: 'web', system: createSystemCollector(), configDir });
    const inProcess = createInProcessClient(contract, backend.implementation);
    close = inProcess.close;
    setClientForTests(inProcess.client);
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterAll(() => {
    act(() => root.unmount());
    useDashboard.getState().stop();
    close();
    backend.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("shows the kernel's memory total, and pause holds the numbers while samples keep coming", async () => {
    await act(async () => root.render(<DashboardPage />));
    expect(byTestId('dashboard-waiting') ?? byTestId('header-stats')).not.toBeNull();
    await until(() => byTestId('stat-memory-total') !== null, 'the header');

    const memTotal = Number(readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s+(\d+) kB$/m)![1]) * 1024;
    const total = byTestId('stat-memory-total')!;
    expect(total.getAttribute('data-bytes')).toBe(String(memTotal));
    expect(total.textContent).toBe(formatBytes(memTotal));

    await act(async () => (byTestId('pause-toggle') as HTMLButtonElement).click());
    expect(byTestId('live-status')!.textContent).toMatch(/^Paused at \d\d:\d\d:\d\d/);
    const uptime = byTestId('stat-uptime-value')!.textContent;
    const received = useDashboard.getState().samples.length;
    await until(() => useDashboard.getState().samples.length > received + 1, 'two more samples');
    expect(byTestId('stat-uptime-value')!.textContent).toBe(uptime);
    expect(byTestId('live-status')!.textContent).toMatch(/new samples? waiting/);

    await act(async () => (byTestId('pause-toggle') as HTMLButtonElement).click());
    expect(byTestId('live-status')!.textContent).toMatch(/^Live · /);
    expect(useDashboard.getState().latest!.time).toBe(useDashboard.getState().samples.at(-1)!.time);
  });

  it('switches the window from the controls', async () => {
    await act(async () => (byTestId('window-5m') as HTMLButtonElement).click());
    expect(useDashboard.getState().windowMs).toBe(5 * 60_000);
    expect(byTestId('window-5m')!.getAttribute('aria-checked')).toBe('true');
    expect(byTestId('window-1m')!.getAttribute('aria-checked')).toBe('false');
  });
});
