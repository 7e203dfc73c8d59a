/** A pause between two looks at the condition; React tests pass one wrapped in act() so updates render. */
export type Pause = () => Promise<void>;

type Falsy = false | 0 | '' | null | undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for real processes, files and streams to reach a state: polls instead of fixed sleeps, so a test
 * is as fast as the machine allows and only a real failure (or a machine far too busy) times out.
 * The check may be async and may return what it found: the first truthy value is the result.
 */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 60_000, pause: Pause = () => sleep(25)): Promise<Exclude<T, Falsy>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, Falsy>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause();
  }
}

/** `until` with a deadline well inside the 60 s test timeout, so a stuck wait names itself instead of the test timing out. */
export function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<Exclude<T, Falsy>> {
  return until(check, what, timeoutMs, () => sleep(50));
}
