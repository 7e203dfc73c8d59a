// Only for hang-watchdog.test.ts: runs the stuck fixture with the same watchdog as the real suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.fixture.ts'],
    setupFiles: [new URL('../hang-watchdog.ts', import.meta.url).pathname],
    testTimeout: 1000,
    reporters: ['default'],
    watch: false,
  },
});
