import { test as base } from '@playwright/test';
import { startTriageWeb, type RunningTriage } from './web-server.js';

/** `triage`: one real web-mode backend per worker, started like a user starts it. */
export const test = base.extend<object, { triage: RunningTriage }>({
  triage: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures
    async ({}, use) => {
      const running = await startTriageWeb();
      await use(running);
      await running.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
