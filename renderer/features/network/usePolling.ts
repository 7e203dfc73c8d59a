import { useEffect } from 'react';

/** Runs `refresh` now and every `intervalMs` while the component is mounted and the page is visible. */
export function usePolling(refresh: () => unknown, intervalMs: number): void {
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') void refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);
}
