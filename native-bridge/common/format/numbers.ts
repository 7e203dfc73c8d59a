import { isFiniteNumber, MISSING } from './bytes.js';

// One grouping style everywhere ("24,001"), whatever the locale of the terminal or browser, so a number
// copied from the CLI matches the one on screen and in a report.
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 24001 → "24,001"; fractional values below 100 keep one decimal (rates of rare events). */
export function formatCount(count: number | null | undefined): string {
  if (!isFiniteNumber(count)) return MISSING;
  return Math.abs(count) < 100 && !Number.isInteger(count) ? oneDecimal.format(count) : whole.format(count);
}

/** Per second: "1,204/s". */
export function formatPerSecond(count: number | null | undefined): string {
  return isFiniteNumber(count) ? `${formatCount(count)}/s` : MISSING;
}

/** 12.345 → "12.3%". Values are already percentages (0..100). */
export function formatPercent(percent: number | null | undefined, digits = 1): string {
  return isFiniteNumber(percent) ? `${percent.toFixed(digits)}%` : MISSING;
}

/**
 * "1 socket", "2 sockets", "24,001 sockets", "1 process" / plural(2, 'process', 'processes').
 * The one way a count meets its noun, so "1 sockets" cannot be written by hand.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The noun alone, for sentences that place the number elsewhere: noun(1, 'file') → "file". */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
