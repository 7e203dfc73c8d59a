import { launchChromium, type BenchChromium } from './cdp-browser.js';

/**
 * What Chromium itself charges, measured in the same windows as the stack: the same binary and flags, the
 * same window size, showing pages of ours that do (almost) nothing. A budget below `text` cannot be met by
 * any page that changes something every second; the part of the stack above it is what the dashboard adds.
 */
export const FLOOR_PAGES = {
  /** Chromium's own idle cost. */
  static: { label: 'Chromium showing a static page', html: '<!doctype html><title>static</title><p>static</p>' },
  /** The cheapest page that updates at 1 Hz. */
  text: {
    label: 'Chromium showing a page that rewrites one line of text per second',
    html: '<!doctype html><title>text</title><p id="t"></p><script>setInterval(() => { t.textContent = new Date().toISOString(); }, 1000)</script>',
  },
} as const;

export type FloorPage = keyof typeof FLOOR_PAGES;

export async function launchFloorBrowsers(window: { width: number; height: number }): Promise<Record<FloorPage, BenchChromium>> {
  const launched: Partial<Record<FloorPage, BenchChromium>> = {};
  try {
    for (const name of Object.keys(FLOOR_PAGES) as FloorPage[]) launched[name] = await launchChromium(`data:text/html,${encodeURIComponent(FLOOR_PAGES[name].html)}`, window);
    return launched as Record<FloorPage, BenchChromium>;
  } catch (error) {
    await Promise.all(Object.values(launched).map((b) => b.close()));
    throw error;
  }
}
