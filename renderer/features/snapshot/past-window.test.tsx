// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordWindow, type RecordedWindow } from '../../../native-bridge/snapshot/test-support/recorded-window.js';
import { createHistoryStore } from '../history/store.js';
import { createSnapshotStore } from './store.js';
import { Viewer } from './Viewer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const LAYOUT = ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth'] as const;
let rec: RecordedWindow;

beforeAll(async () => {
  // happy-dom has no layout: give the process list's scroll box a browser's size so rows render.
  for (const prop of LAYOUT) {
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vlist-scroll') ? (prop.endsWith('Height') ? 520 : 1100) : 0;
      },
    });
  }
  rec = await recordWindow();
}, 120_000);

afterAll(() => {
  for (const prop of LAYOUT) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
  rec?.stop();
});

describe('a past window exported from a recorded range on the dashboard, opened in the snapshot viewer', () => {
  it('shows the recorded series and the process table of the last frame, the sleeping child in it', async () => {
    // The recorded range's "Export this window": the same snapshot.export the CLI calls, with from/to.
    const history = createHistoryStore(() => rec.client);
    expect(history.getState().chooseWindow(rec.startedAt - 60_000, Date.now())).toBeNull();
    await history.getState().exportWindow();
    const exported = history.getState().exported;
    expect(exported.error).toBeNull();
    expect(exported.data!.path).toMatch(/\.triage\.json\.gz$/);

    const snapshots = createSnapshotStore(() => rec.client);
    expect(await snapshots.getState().openPath(exported.data!.path)).toBe(true);
    const opened = snapshots.getState().opened!;
    const part = opened.snapshot.parts.history!;
    expect(part.series.series.find((s) => s.key === 'cpu.busy')!.avg.length).toBeGreaterThanOrEqual(3);
    const last = part.frames.list.at(-1)!;
    expect(last.rows.some((r) => r.pid === rec.sleepPid)).toBe(true);

    const host = document.createElement('div');
    document.body.append(host);
    const root: Root = createRoot(host);
    try {
      act(() => root.render(<Viewer opened={opened} />));
      const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      // It opens on the recorded window: the series, summed up in words, and the last frame with its time.
      expect(byTestId('snapshot-tab-history')!.getAttribute('aria-selected')).toBe('true');
      const series = [...host.querySelectorAll('[data-testid="snapshot-history-series"]')].map((el) => el.textContent);
      expect(series.some((text) => /^CPU busy: avg [\d.]+ ?%, max [\d.]+ ?%$/.test(text ?? ''))).toBe(true);
      expect(byTestId('snapshot-history-frame-time')!.textContent).toMatch(new RegExp(`^Processes at .+ \\(frame ${part.frames.list.length} of ${part.frames.list.length}\\)$`));
      expect(byTestId('snapshot-processes-count')!.textContent).toMatch(new RegExp(`^${last.rows.length.toLocaleString('en-US')} processes`));

      // Filtering the frame's table finds the child by its pid.
      const filter = byTestId('snapshot-proc-filter') as HTMLInputElement;
      act(() => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(filter, String(rec.sleepPid));
        filter.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
      const rows = [...host.querySelectorAll<HTMLElement>('[data-testid="snapshot-proc-row"]')];
      expect(rows.map((r) => r.dataset.pid)).toContain(String(rec.sleepPid));
    } finally {
      act(() => root.unmount());
      host.remove();
    }
  });
});
