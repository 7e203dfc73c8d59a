import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test-support/**/*.test.ts', 'native-bridge/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Real processes, real /proc, real gdb: give them room on a noisy 2-core machine.
    testTimeout: 60_000,
    // Backends in tests do not record history unless a test asks for it (record: true).
    env: { TRIAGE_HISTORY: 'off' },
    hookTimeout: 60_000,
    // Unit tests must never trigger Electron's lazy binary download.
    alias: { electron: new URL('./electron/test-support/electron-mock.ts', import.meta.url).pathname },
    // A test stuck in synchronous code is killed by this watchdog (vitest's timeouts cannot interrupt it).
    setupFiles: ['test-support/hang-watchdog.ts'],
    // Each file in its own process (the default, stated): a killed one fails that file, not the run.
    pool: 'forks',
    teardownTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
