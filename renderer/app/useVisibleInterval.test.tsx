// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageVisibility } from './page-visibility.js';
import { useVisibleInterval } from './useVisibleInterval.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => {
  act(() => root.render(null));
  vi.useRealTimers();
});

/** A page whose visibility the test sets. */
function fakePage(): PageVisibility & { set(visible: boolean): void; listeners: number } {
  let shown = true;
  const listeners = new Set<() => void>();
  return {
    visible: () => shown,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(visible) {
      shown = visible;
      for (const l of listeners) l();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

function Probe({ refresh, page }: { refresh: () => void; page: PageVisibility }) {
  useVisibleInterval(refresh, 30_000, page);
  return null;
}

describe('useVisibleInterval', () => {
  it('refreshes at once and on its pace while seen, never while hidden, and at once on showing again', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const page = fakePage();
    act(() => root.render(<Probe refresh={refresh} page={page} />));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(60_000));
    expect(refresh).toHaveBeenCalledTimes(3);

    act(() => page.set(false));
    act(() => vi.advanceTimersByTime(300_000));
    expect(refresh).toHaveBeenCalledTimes(3);

    act(() => page.set(true));
    expect(refresh).toHaveBeenCalledTimes(4);
    act(() => vi.advanceTimersByTime(30_000));
    expect(refresh).toHaveBeenCalledTimes(5);

    act(() => root.render(null));
    expect(page.listeners).toBe(0);
    act(() => vi.advanceTimersByTime(300_000));
    expect(refresh).toHaveBeenCalledTimes(5);
  });
});
