import { useEffect } from 'react';
import { documentVisibility, type PageVisibility } from './page-visibility.js';

/** One for the app: a new object per render would restart the interval on every render. */
const PAGE = documentVisibility();

/**
 * Calls `refresh` now and every `everyMs` while the page is seen. Hidden (another tab, a minimised
 * window), nothing is asked: a poll answered for nobody costs the backend as much as one that is read.
 * On showing again it refreshes at once, so the page never shows what it missed as current.
 */
export function useVisibleInterval(refresh: () => void, everyMs: number, visibility: PageVisibility | null = PAGE): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const stop = (): void => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const follow = (): void => {
      if (visibility && !visibility.visible()) return stop();
      if (timer !== null) return;
      refresh();
      timer = setInterval(refresh, everyMs);
    };
    follow();
    const unlisten = visibility?.onChange(follow);
    return () => {
      stop();
      unlisten?.();
    };
  }, [refresh, everyMs, visibility]);
}
