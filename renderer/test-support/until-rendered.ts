import { act } from 'react';
import { until } from '../../test-support/until.js';

/** `until` for component tests: each pause runs inside act(), so stream updates render before the next look. */
export async function untilRendered(condition: () => boolean, what: string, timeoutMs?: number): Promise<void> {
  await until(condition, what, timeoutMs, () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 50))));
}
