import type { ReactElement } from 'react';
import { formatClock } from './format.js';
import type { ChartPalette } from './palette.js';

/** What recharts hands a tick renderer (the part of it used here). */
export interface AxisTickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  verticalAnchor?: 'start' | 'middle' | 'end';
  className?: string;
  payload?: { value: unknown };
}

export type AxisTickRenderer = (props: AxisTickProps) => ReactElement;

/** Where the first line's baseline sits for each vertical anchor, as recharts' own <Text> puts it. */
const ANCHOR_DY: Record<NonNullable<AxisTickProps['verticalAnchor']>, string> = { start: '0.71em', middle: '0.355em', end: '0' };

/**
 * An axis label as one plain <text>. recharts' default label is its <Text> component, which splits
 * words and measures them in the DOM on every render; on a time axis every label moves each second,
 * so that was about a fifth of a live chart's cost. These labels are single short words: nothing to wrap.
 */
export function plainAxisTick(palette: ChartPalette, format: (value: number) => string): AxisTickRenderer {
  return function PlainAxisTick({ x, y, textAnchor, verticalAnchor, className, payload }: AxisTickProps) {
    return (
      <text x={x} y={y} dy={ANCHOR_DY[verticalAnchor ?? 'middle']} textAnchor={textAnchor} fill={palette.axis} fontSize={11} className={className}>
        {typeof payload?.value === 'number' ? format(payload.value) : ''}
      </text>
    );
  };
}

const timeTicks = new WeakMap<ChartPalette, AxisTickRenderer>();

/** The time axis' HH:MM:SS renderer, one per palette, so the axis props stay equal however often they are built. */
export function timeAxisTick(palette: ChartPalette): AxisTickRenderer {
  let renderer = timeTicks.get(palette);
  if (!renderer) timeTicks.set(palette, (renderer = plainAxisTick(palette, formatClock)));
  return renderer;
}
