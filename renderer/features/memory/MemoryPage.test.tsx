// @vitest-environment happy-dom
import { existsSync } from 'node:fs';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileC, startHog, type RunningHog } from '../../../native-bridge/memory/test-support/memhog.js';
import { connectTestClient, type TestClient } from '../../../test-support/real-backend.js';
import { setClientForTests } from '../../client/index.js';
import { MemoryPage } from './MemoryPage.js';
import { useMemory } from './store.js';
import { untilRendered as until } from '../../test-support/until-rendered.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const byTestId = (id: string, root: ParentNode = document) => root.querySelector(`[data-testid="${id}"]`);

/** Types into a React-controlled input the way a keyboard does: through the native setter and an input event. */
function typeInto(input: Element, text: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function click(element: Element | null): Promise<void> {
  expect(element).not.toBeNull();
  await act(async () => (element as HTMLButtonElement).click());
}

describe('memory page on the real backend', () => {
  let connection: TestClient;
  let memhog: string;
  let root: Root;
  let container: HTMLDivElement;
  const hogs: RunningHog[] = [];

  beforeAll(() => {
    connection = connectTestClient({ prefix: 'triage-memory-page-' });
    memhog = compileC('memhog', connection.configDir);
    setClientForTests(connection.client);
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterAll(async () => {
    act(() => root.unmount());
    useMemory.getState().stop();
    await Promise.all(hogs.map((h) => h.stop()));
    connection.close();
  });

  it('pins by pid from the form, shows the verdict and limits, keeps alerts after unpinning', async () => {
    await act(async () => root.render(<MemoryPage />));
    await until(() => byTestId('pins-empty')?.textContent?.startsWith('Nothing pinned yet') === true, 'the empty state');

    // Not a number: the form says so and asks nothing of the backend.
    await act(async () => typeInto(byTestId('pin-input')!, 'abc'));
    await click(byTestId('pin-submit'));
    expect(byTestId('pin-problem')!.textContent).toBe('Type a process id: a whole number such as 1234.');

    // A pid nobody has: the backend's sentence.
    let free = 4_194_000;
    while (existsSync(`/proc/${free}`)) free++;
    await act(async () => typeInto(byTestId('pin-input')!, String(free)));
    await click(byTestId('pin-submit'));
    await until(() => byTestId('memory-notice') !== null, 'the refusal');
    expect(byTestId('memory-notice')!.textContent).toContain(`Process ${free} is not running`);

    const hog = await startHog(memhog, ['hold', '24']);
    hogs.push(hog);
    await act(async () => typeInto(byTestId('pin-input')!, String(hog.pid)));
    await click(byTestId('pin-submit'));
    const card = (): Element | null => document.querySelector(`[data-testid="pin-card"][data-pid="${hog.pid}"]`);
    await until(() => card() !== null, 'the pin card');
    expect(byTestId('memory-notice')).toBeNull();
    expect(byTestId('pin-title', card()!)!.textContent).toBe('memhog');
    expect(byTestId('verdict', card()!)!.getAttribute('data-kind')).toBe('insufficient-data');
    // The legend shows the newest resident size: the 24 MiB block plus the program itself.
    const rssMiB = (): number => Number.parseFloat((byTestId('legend-rss', card()!)?.textContent ?? '').replace('Resident (RSS)', ''));
    await until(() => rssMiB() >= 24, 'a resident size of at least 24 MiB');
    expect(byTestId('legend-rss', card()!)!.textContent).toMatch(/MiB$/);

    // A size limit below what it holds: an alert with its context.
    await act(async () => typeInto(byTestId('limit-size', card()!)!, '4'));
    await click(byTestId('limit-save', card()!));
    await until(() => byTestId('limits-current', card()!)?.textContent === 'Alerts when size above 4.0 MiB.', 'the limit');
    await until(() => byTestId('alert-row') !== null, 'an alert');
    expect(byTestId('alert-row')!.textContent).toContain(`memhog (pid ${hog.pid})`);
    expect(byTestId('alerts-count')!.textContent).toBe('1 alert');

    // Leak suspects: the all-process sampler runs while the page is open.
    await until(() => /^Watching \d+ processes/.test(byTestId('suspects-status')?.textContent ?? ''), 'the suspects panel');

    await click(byTestId('pin-unpin', card()!));
    await until(() => card() === null, 'the card to go');
    expect(byTestId('alert-row')).not.toBeNull();
  });
});
