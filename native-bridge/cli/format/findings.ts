import { formatDuration, plural, sinceWords } from '../../common/format/index.js';
import type { Check, Finding, FindingsReport, Severity } from '../../contract/findings.js';


export const SEVERITY_WORDS: Record<Severity, string> = { serious: 'Serious', warning: 'Worth a look', info: 'Info' };

function findingLines(f: Finding, now: number, watchedFrom: number): string[] {
  const lines = [`${SEVERITY_WORDS[f.severity].toUpperCase()}  ${f.sentence}`, `  ${sinceWords(f.since, now, watchedFrom)}`];
  if (f.next) lines.push(`  next: ${f.next.label}`);
  return lines;
}

const checkLine = (c: Check): string => `  - ${c.title}: ${c.why ?? c.status}`;

/** The doctor's text: findings most serious first, then what passed and what could not be judged, and why. */
export function formatFindings(report: FindingsReport): string {
  const out: string[] = [];
  for (const finding of report.findings) out.push(...findingLines(finding, report.time, report.time - report.observedMs), '');
  const passed = report.checks.filter((c) => c.status === 'passed').length;
  const unjudged = report.checks.filter((c) => c.status === 'collecting' || c.status === 'unavailable');
  out.push(
    report.findings.length === 0
      ? `Nothing looks wrong (${plural(passed, 'check')} passed in ${formatDuration(report.observedMs)} of watching).`
      : `Nothing else looks wrong (${plural(passed, 'check')} passed).`,
  );
  const collecting = unjudged.filter((c) => c.status === 'collecting');
  const unavailable = unjudged.filter((c) => c.status === 'unavailable');
  if (collecting.length > 0) out.push('Could not judge yet (watch longer with --duration):', ...collecting.map(checkLine));
  if (unavailable.length > 0) out.push('Could not check on this machine:', ...unavailable.map(checkLine));
  return `${out.join('\n')}\n`;
}
