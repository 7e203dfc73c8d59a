/** A pause between two looks at the condition; React tests pass one wrapped in act() so updates render. */
export type Pause = () => Promise<void>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for real processes, files and streams to reach a state: polls instead of fixed sleeps, so a test
 * is as fast as the machine allows and only a real failure (or a machine far too busy) times out.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 60_000, pause: Pause = () => sleep(25)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause();
  }
}
