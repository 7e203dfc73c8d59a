import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['native-bridge/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Real processes, real /proc, real gdb: give them room on a noisy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Unit tests must never trigger Electron's lazy binary download.
    alias: { electron: new URL('./electron/test-support/electron-mock.ts', import.meta.url).pathname },
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
