import { useCallback, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ChartRow } from '../../../app/downsample.js';
import { nearestRow, timeAt, xOf, type Plot } from './chart-geometry.js';

export interface ChartHoverHandlers {
  onPointerEnter(event: PointerEvent<HTMLElement>): void;
  onPointerMove(event: PointerEvent<HTMLElement>): void;
  onPointerLeave(): void;
  onFocus(): void;
  onBlur(): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

/**
 * Where the pointer (or the keyboard) is on a chart, as an x in the SVG; null while neither is on it,
 * so a chart nobody points at holds no hover state and draws no tooltip. The x, not a row, is kept:
 * as the window moves under a still pointer, the tooltip shows whatever is now under it.
 */
export function useChartHover(plot: Plot, rows: readonly ChartRow[]): { x: number | null; handlers: ChartHoverHandlers } {
  const [x, setX] = useState<number | null>(null);
  const fromPointer = useCallback((event: PointerEvent<HTMLElement>) => {
    setX(event.clientX - event.currentTarget.getBoundingClientRect().left);
  }, []);
  const off = useCallback(() => setX(null), []);
  // Focus from the keyboard starts at the newest point; arrow keys step from row to row.
  const right = plot.left + plot.width;
  const onFocus = useCallback(() => setX((current) => current ?? right), [right]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
      if (step === 0 || rows.length === 0) return;
      event.preventDefault();
      setX((current) => {
        const index = nearestRow(rows, timeAt(plot, current ?? right));
        const next = Math.min(rows.length - 1, Math.max(0, index + step));
        return xOf(plot, rows[next]!.t);
      });
    },
    [rows, plot, right],
  );
  return { x, handlers: { onPointerEnter: fromPointer, onPointerMove: fromPointer, onPointerLeave: off, onFocus, onBlur: off, onKeyDown } };
}
