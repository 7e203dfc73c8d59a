// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useMountedAfterSlot } from './useStaggered.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Probe({ slot }: { slot: number }) {
  return <span data-slot={slot}>{useMountedAfterSlot(slot) ? 'mounted' : 'waiting'}</span>;
}

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.render(null)));

const text = (slot: number) => container.querySelector(`[data-slot="${slot}"]`)?.textContent;

describe('useMountedAfterSlot', () => {
  it('mounts slot 0 in the first render and later slots one after another', async () => {
    await act(async () => root.render([0, 1, 3].map((slot) => <Probe key={slot} slot={slot} />)));
    expect(text(0)).toBe('mounted');
    expect(text(1)).toBe('waiting');
    expect(text(3)).toBe('waiting');
    const deadline = Date.now() + 5000;
    let sawOneBeforeThree = false;
    while (text(3) !== 'mounted' && Date.now() < deadline) {
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
      if (text(1) === 'mounted' && text(3) === 'waiting') sawOneBeforeThree = true;
    }
    expect(text(3)).toBe('mounted');
    expect(sawOneBeforeThree).toBe(true);
  });
});
