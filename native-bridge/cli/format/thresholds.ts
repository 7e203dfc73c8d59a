import type { ThresholdRow, ThresholdsReport, ThresholdValues } from '../../contract/findings-thresholds.js';
import { formatDuration } from '../../common/format/index.js';

const FIGURES = ['warn', 'serious', 'minMs', 'clearMs'] as const;

function figure(row: ThresholdRow, key: (typeof FIGURES)[number], values: Partial<ThresholdValues>): string {
  const value = values[key];
  if (value === undefined) return '';
  if (value === null) return '—';
  if (key === 'minMs' || key === 'clearMs') return value === 0 ? 'at once' : formatDuration(value);
  const unit = key === 'warn' ? row.warnUnit : (row.seriousUnit ?? '');
  return unit ? `${value} ${unit}` : String(value);
}

/** The table `triage thresholds` prints: what each rule judges, and the figures in effect with where they come from. */
export function formatThresholds(report: ThresholdsReport): string {
  const lines: string[] = [];
  for (const row of report.rules) {
    const changed = FIGURES.filter((key) => row.override[key] !== undefined);
    lines.push(`${row.rule}  ${row.title}${changed.length > 0 ? '  (changed)' : ''}`);
    lines.push(`  ${row.measure}`);
    const cells = FIGURES.map((key) => {
      const label = { warn: 'worth a look', serious: 'serious', minMs: 'must last', clearMs: 'gone after' }[key];
      const now = figure(row, key, row.effective);
      const was = row.override[key] !== undefined ? ` (default ${figure(row, key, row.defaults)})` : '';
      return `${label}: ${now}${was}`;
    });
    lines.push(`  ${cells.join(' · ')}`);
  }
  lines.push('', `Overrides live in ${report.file}.`);
  for (const problem of report.problems) lines.push(`Problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}
