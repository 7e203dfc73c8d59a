// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { formatBytes } from '../../app/format.js';
import { setClientForTests } from '../../client/index.js';
import { DashboardPage } from './DashboardPage.js';
import { useDashboard } from './store.js';
import { untilRendered as until } from '../../test-support/until-rendered.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);

describe('dashboard page on the real backend', () => {
  let connection: TestClient;
  let root: Root;
  let container: HTMLDivElement;

  beforeAll(() => {
    connection = connectTestClient({ prefix: 'triage-page-' });
    setClientForTests(connection.client);
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterAll(() => {
    act(() => root.unmount());
    useDashboard.getState().stop();
    connection.close();
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
