import { isFiniteNumber, MISSING } from './bytes.js';

// One grouping style everywhere ("24,001"), whatever the locale of the terminal or browser, so a number
// copied from the CLI matches the one on screen and in a report.

/**
 * What `new Intl.NumberFormat('en-US', { maximumFractionDigits })` prints, written out: merely creating
 * that formatter pages ~6 MiB of ICU data into every process importing this file (the backend among them).
 * Like ICU, it rounds the shortest decimal form of the number (0.15 → "0.2", not the binary 0.1499…),
 * half away from zero, drops trailing zeros and keeps the sign of a negative that rounds to zero ("-0").
 */
export function groupedNumber(value: number, maximumFractionDigits: number): string {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  // Beyond 1e21 String() turns exponential; no count gets there, so the real formatter may as well.
  if (magnitude >= 1e21) return new Intl.NumberFormat('en-US', { maximumFractionDigits }).format(value);
  // Below 1e-6 String() turns exponential too, and such a number rounds to zero at any digits we use.
  const [int = '0', fraction = ''] = magnitude < 1e-6 ? ['0'] : String(magnitude).split('.');
  let digits = int + fraction.slice(0, maximumFractionDigits).padEnd(maximumFractionDigits, '0');
  if ((fraction[maximumFractionDigits] ?? '0') >= '5') digits = incremented(digits);
  const intLength = digits.length - maximumFractionDigits;
  const kept = digits.slice(intLength).replace(/0+$/, '');
  const grouped = digits.slice(0, intLength).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}${grouped}${kept ? `.${kept}` : ''}`;
}

/** "0999" → "1000": one added to a string of decimal digits. */
function incremented(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/** 24001 → "24,001"; fractional values below 100 keep one decimal (rates of rare events). */
export function formatCount(count: number | null | undefined): string {
  if (!isFiniteNumber(count)) return MISSING;
  return groupedNumber(count, Math.abs(count) < 100 && !Number.isInteger(count) ? 1 : 0);
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
