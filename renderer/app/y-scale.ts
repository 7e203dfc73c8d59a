import type { Unit } from './format.js';

export interface YScale {
  top: number;
  ticks: number[];
}

export interface YScaleOptions {
  /** The axis always ends here (100 %, the machine's memory size). */
  fixedMax?: number;
  /** The axis never ends below this (the core count on a load chart, a few KiB on a rate chart). */
  minTop?: number;
  /** How many intervals between ticks at most. */
  maxIntervals?: number;
}

/** 1, 2, 2.5, 5 × 10^n: the steps people read at a glance. */
function decimalStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Powers of two, so byte axes read 256 KiB, 512 KiB, 1 MiB rather than 293 KiB, 586 KiB. */
function binaryStep(raw: number): number {
  return 2 ** Math.ceil(Math.log2(raw));
}

/**
 * The y-axis range and tick positions for a chart, computed here rather than by recharts so byte axes
 * land on binary units and a fixed maximum (100 %, total memory) is honoured exactly.
 */
export function yScale(unit: Unit, dataMax: number, options: YScaleOptions = {}): YScale {
  const intervals = options.maxIntervals ?? 4;
  const step = (raw: number): number => (unit === 'bytes' ? binaryStep(raw) : decimalStep(raw));
  if (options.fixedMax !== undefined && options.fixedMax > 0) {
    const top = options.fixedMax;
    const s = step(top / intervals);
    const ticks: number[] = [];
    for (let i = 0; i * s <= top + 1e-9; i++) ticks.push(i * s);
    // The maximum itself is worth a label when the last nice tick is well below it (23.6 GiB after 16 GiB).
    if (top - ticks[ticks.length - 1]! > s * 0.4) ticks.push(top);
    return { top, ticks };
  }
  const wanted = Math.max(Number.isFinite(dataMax) ? dataMax * 1.05 : 0, options.minTop ?? 0, Number.MIN_VALUE);
  const s = step(wanted / intervals);
  const top = Math.ceil(wanted / s - 1e-9) * s;
  const ticks: number[] = [];
  for (let i = 0; i * s <= top + 1e-9; i++) ticks.push(i * s);
  return { top, ticks };
}
