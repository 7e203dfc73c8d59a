import { RULE_IDS } from '../contract/findings.js';
import { THRESHOLDS } from './thresholds.js';

const seconds = (ms: number): string => (ms === 0 ? 'at once' : `${ms / 1000} s`);
const figure = (n: number): string => (Number.isFinite(n) ? String(n) : '—');

/** The README's table of rules, made from the thresholds themselves so the documentation cannot drift. */
export function thresholdsTable(): string {
  const rows = RULE_IDS.map((id) => {
    const t = THRESHOLDS[id];
    return `| \`${id}\` | ${t.title} | ${t.measure} | ${figure(t.warn)} | ${figure(t.serious)} | ${seconds(t.minMs)} | ${seconds(t.clearMs)} |`;
  });
  return ['| rule | finding | measure | worth a look | serious | must last | gone after |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}
