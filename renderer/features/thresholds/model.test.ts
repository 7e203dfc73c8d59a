import { describe, expect, it } from 'vitest';
import type { ThresholdRow, ThresholdsReport } from '../../../native-bridge/contract/index.js';
import { draftValue, figureHint, formatFigure, parseField, planSave } from './model.js';

// Two rows as findings.thresholds returns them: one with a serious level, one without, one already changed.
const hog: ThresholdRow = {
  rule: 'cpu-hog',
  title: 'One process holds a core',
  measure: '% of one core used by one process',
  warnUnit: '% of a core',
  seriousUnit: null,
  order: 'rising',
  defaults: { warn: 90, serious: null, minMs: 60_000, clearMs: 30_000 },
  override: { warn: 50 },
  effective: { warn: 50, serious: null, minMs: 60_000, clearMs: 30_000 },
};
const disk: ThresholdRow = {
  rule: 'disk-full',
  title: 'Filesystem nearly full',
  measure: '% of space or inodes used',
  warnUnit: '% used',
  seriousUnit: '% used',
  order: 'rising',
  defaults: { warn: 90, serious: 97, minMs: 0, clearMs: 60_000 },
  override: {},
  effective: { warn: 90, serious: 97, minMs: 0, clearMs: 60_000 },
};
const report: ThresholdsReport = { file: '/x/findings.json', rules: [hog, disk], problems: [] };

describe('thresholds model', () => {
  it('types durations in seconds and sends whole milliseconds, without float noise', () => {
    expect(parseField('minMs', '1.1')).toEqual({ value: 1100 });
    expect(parseField('clearMs', '0,5')).toEqual({ value: 500 });
    expect(parseField('warn', ' 12.5 ')).toEqual({ value: 12.5 });
    expect(parseField('warn', '')).toHaveProperty('problem');
    expect(parseField('warn', 'high')).toEqual({ problem: '"high" is not a number: type one, or reset the figure to its default.' });
  });

  it('sends only what differs from what is in effect, and lists the before → after', () => {
    const plan = planSave(report, { 'disk-full': { figures: { warn: '80', serious: '97', minMs: '2' } } });
    expect(plan.changes).toEqual({ 'disk-full': { warn: 80, minMs: 2000 } });
    expect(plan.pending.map((p) => `${p.figure}: ${p.from} → ${p.to}`)).toEqual(['warn: 90 % used → 80 % used', 'minMs: at once → 2 s']);
    expect(plan.typing).toEqual([]);
  });

  it('resets one figure with null, a whole rule with reset, and ignores a reset with nothing to undo', () => {
    expect(planSave(report, { 'cpu-hog': { figures: { warn: null } } }).changes).toEqual({ 'cpu-hog': { warn: null } });
    const rule = planSave(report, { 'cpu-hog': { reset: true, figures: {} }, 'disk-full': { reset: true, figures: {} } });
    expect(rule.changes).toEqual({ 'cpu-hog': { reset: true } });
    expect(rule.pending).toEqual([{ rule: 'cpu-hog', title: hog.title, figure: 'warn', from: '50 % of a core', to: '90 % of a core (the default)' }]);
    // A reset, then a figure typed: the figure is sent on top of the reset.
    expect(planSave(report, { 'cpu-hog': { reset: true, figures: { minMs: '5' } } }).changes).toEqual({ 'cpu-hog': { reset: true, minMs: 5000 } });
  });

  it('holds back text that is not a number, naming the field, and sends nothing for that rule', () => {
    const plan = planSave(report, { 'disk-full': { figures: { warn: 'lots' } } });
    expect(plan.changes).toEqual({});
    expect(plan.typing).toEqual([{ rule: 'disk-full', figure: 'warn', problem: expect.stringContaining('"lots"') }]);
  });

  it('shows the value a field will hold: typed, the default after a reset, or the one in effect', () => {
    expect(draftValue(hog, undefined, 'warn')).toEqual({ text: '50', pending: false });
    expect(draftValue(hog, { figures: { warn: null } }, 'warn')).toEqual({ text: '90', pending: true });
    expect(draftValue(hog, { reset: true, figures: {} }, 'minMs')).toEqual({ text: '60', pending: false });
    expect(draftValue(disk, { figures: { warn: '8' } }, 'warn')).toEqual({ text: '8', pending: true });
  });

  it('says the range the contract declares, and formats figures like the CLI', () => {
    expect(figureHint(disk, 'serious')).toMatch(/at least .*Worth a look.*higher is worse/);
    expect(figureHint(disk, 'minMs')).toBe('0 to 86400 s (a day)');
    expect(figureHint(disk, 'warn')).toBeNull();
    expect(formatFigure(disk, 'minMs', 0)).toBe('at once');
    expect(formatFigure(hog, 'serious', null)).toBe('—');
    expect(formatFigure(disk, 'clearMs', 60_000)).toBe('1 min');
  });
});
