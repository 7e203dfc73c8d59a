import type { Page } from '@playwright/test';

/** What the page's JavaScript cost on the wire and in memory, from the browser's own Resource Timing. */
export interface ScriptBytes {
  /** Response bodies as sent (compressed when the server compressed them). */
  encoded: number;
  /** Bodies after decompression: what the engine parsed. */
  decoded: number;
  /** Bytes that crossed the network, headers included; 0 for a script served from the cache. */
  transferred: number;
  files: number;
}

/** Every .js file the page has loaded so far (call it when the first chart appears: "before the first chart"). */
export function scriptBytes(page: Page): Promise<ScriptBytes> {
  return page.evaluate(() => {
    const total = { encoded: 0, decoded: 0, transferred: 0, files: 0 };
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (!new URL(entry.name).pathname.endsWith('.js')) continue;
      total.encoded += entry.encodedBodySize;
      total.decoded += entry.decodedBodySize;
      total.transferred += entry.transferSize;
      total.files += 1;
    }
    return total;
  });
}
