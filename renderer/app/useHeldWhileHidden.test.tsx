// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useHeldWhileHidden } from './useHeldWhileHidden.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.render(null)));

function Probe({ value, shown }: { value: string; shown: boolean }) {
  return <span>{useHeldWhileHidden(value, shown)}</span>;
}

describe('useHeldWhileHidden', () => {
  it('passes values on while shown, holds the last one while hidden, and takes the newest on showing', () => {
    act(() => root.render(<Probe value="a" shown />));
    expect(container.textContent).toBe('a');
    act(() => root.render(<Probe value="b" shown />));
    expect(container.textContent).toBe('b');
    act(() => root.render(<Probe value="c" shown={false} />));
    act(() => root.render(<Probe value="d" shown={false} />));
    expect(container.textContent).toBe('b');
    act(() => root.render(<Probe value="e" shown />));
    expect(container.textContent).toBe('e');
  });
});
