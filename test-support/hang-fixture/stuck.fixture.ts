// Run only by hang-watchdog.test.ts (through hang-fixture/vitest.config.ts): a test stuck in synchronous code.
import { it } from 'vitest';

it('loops forever without yielding', () => {
  for (;;) {
    // Nothing here lets the event loop run: vitest's own timeout never fires.
  }
});
