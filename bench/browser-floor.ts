import { launchChromium, type BenchChromium } from './cdp-browser.js';

/**
 * What Chromium itself charges, measured in the same windows as the stack: the same binary and flags, the
 * same window size, showing pages of ours that do (almost) nothing. A budget below `text` cannot be met by
 * any page that changes something every second; the part of the stack above it is what the dashboard adds.
 */
const PAGES = {
  /** A static page: Chromium's own idle cost. */
  static: '<!doctype html><title>static</title><p>static</p>',
  /** One line of text rewritten once a second: the cheapest page that updates at 1 Hz. */
  text: '<!doctype html><title>text</title><p id="t"></p><script>setInterval(() => { t.textContent = new Date().toISOString(); }, 1000)</script>',
} as const;

export type FloorPage = keyof typeof PAGES;

export const FLOOR_LABELS: Record<FloorPage, string> = {
  static: 'Chromium showing a static page',
  text: 'Chromium showing a page that rewrites one line of text per second',
};

export async function launchFloorBrowsers(window: { width: number; height: number }): Promise<Record<FloorPage, BenchChromium>> {
  const launched: Partial<Record<FloorPage, BenchChromium>> = {};
  try {
    for (const name of Object.keys(PAGES) as FloorPage[]) launched[name] = await launchChromium(`data:text/html,${encodeURIComponent(PAGES[name])}`, window);
    return launched as Record<FloorPage, BenchChromium>;
  } catch (error) {
    await Promise.all(Object.values(launched).map((b) => b.close()));
    throw error;
  }
}
