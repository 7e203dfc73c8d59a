import {
  MAX_THRESHOLD_MS,
  THRESHOLD_FIGURES,
  type ThresholdChange,
  type ThresholdFigure,
  type ThresholdRow,
  type ThresholdsReport,
} from '../../../native-bridge/contract/index.js';
import type { RuleId } from '../../../native-bridge/contract/findings.js';
import { formatDuration } from '../../../native-bridge/common/format/index.js';

export { THRESHOLD_FIGURES, type ThresholdFigure };

/** The words the CLI's table uses for the four figures, so the screen and `triage thresholds` say the same. */
export const FIGURE_LABELS: Readonly<Record<ThresholdFigure, string>> = {
  warn: 'Worth a look',
  serious: 'Serious',
  minMs: 'Must last',
  clearMs: 'Gone after',
};

/**
 * What the user has changed on one rule and not saved yet. A figure's text is what was typed (durations
 * in seconds); null sends the figure back to its default. `reset` drops the whole override first.
 */
export interface RuleDraft {
  reset?: boolean;
  figures: Partial<Record<ThresholdFigure, string | null>>;
}
export type Drafts = Partial<Record<RuleId, RuleDraft>>;

export const isDuration = (key: ThresholdFigure): boolean => key === 'minMs' || key === 'clearMs';

/** Whether the rule has this figure at all (a rule with no serious level cannot be given one). */
export const hasFigure = (row: ThresholdRow, key: ThresholdFigure): boolean => key !== 'serious' || row.seriousUnit !== null;

export function unitOf(row: ThresholdRow, key: ThresholdFigure): string {
  if (isDuration(key)) return 's';
  return key === 'warn' ? row.warnUnit : (row.seriousUnit ?? '');
}

/** A figure as a person reads it: "90 % busy", "1 min", "at once", "—" for no serious level. */
export function formatFigure(row: ThresholdRow, key: ThresholdFigure, value: number | null | undefined): string {
  if (value === undefined || value === null) return '—';
  if (isDuration(key)) return value === 0 ? 'at once' : formatDuration(value);
  const unit = unitOf(row, key);
  return unit ? `${value} ${unit}` : String(value);
}

/** The figure as the input field shows it: durations in seconds, other figures as they are. */
export function fieldText(key: ThresholdFigure, value: number | null): string {
  if (value === null) return '';
  return String(isDuration(key) ? value / 1000 : value);
}

/**
 * The number a typed text stands for, or a sentence when it is not a number at all. Whether the number is
 * acceptable is the backend's call (one source of the rules): only the typing is checked here.
 */
export function parseField(key: ThresholdFigure, text: string): { value: number } | { problem: string } {
  const trimmed = text.trim().replace(',', '.');
  const number = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(number)) return { problem: `"${text}" is not a number: type one, or reset the figure to its default.` };
  // Seconds to milliseconds without float noise (1.1 s is 1100 ms, not 1100.0000000000002).
  return { value: isDuration(key) ? Math.round(number * 1000 * 1e6) / 1e6 : number };
}

/** The value the field holds now: typed text, the default after a reset, or what is in effect. */
export function draftValue(row: ThresholdRow, draft: RuleDraft | undefined, key: ThresholdFigure): { text: string; pending: boolean } {
  const typed = draft?.figures[key];
  if (typed === null) return { text: fieldText(key, row.defaults[key]), pending: row.override[key] !== undefined };
  if (typed !== undefined) return { text: typed, pending: true };
  if (draft?.reset) return { text: fieldText(key, row.defaults[key]), pending: row.override[key] !== undefined };
  return { text: fieldText(key, row.effective[key]), pending: false };
}

/** One line of what a save will change, for the confirmation. */
export interface PendingChange {
  rule: RuleId;
  title: string;
  figure: ThresholdFigure;
  from: string;
  to: string;
}

export interface SavePlan {
  changes: Partial<Record<RuleId, ThresholdChange>>;
  pending: PendingChange[];
  /** Fields whose text is not a number: nothing can be sent until they are fixed. */
  typing: Array<{ rule: RuleId; figure: ThresholdFigure; problem: string }>;
}

/**
 * The one `findings.setThresholds` call the drafts make, and the before → after of each figure that
 * really changes. A figure typed back to the value in effect is no change.
 */
export function planSave(report: ThresholdsReport, drafts: Drafts): SavePlan {
  const plan: SavePlan = { changes: {}, pending: [], typing: [] };
  for (const row of report.rules) {
    const draft = drafts[row.rule];
    if (!draft) continue;
    const change: ThresholdChange = draft.reset && Object.keys(row.override).length > 0 ? { reset: true } : {};
    for (const key of THRESHOLD_FIGURES) {
      if (!hasFigure(row, key)) continue;
      const typed = draft.figures[key];
      if (typed === undefined || typed === null) {
        // Back to the default: only a figure the user had changed has anywhere to go back from.
        if ((typed === null || draft.reset === true) && row.override[key] !== undefined) {
          if (!change.reset) change[key] = null;
          plan.pending.push(line(row, key, row.defaults[key], ' (the default)'));
        }
        continue;
      }
      const parsed = parseField(key, typed);
      if ('problem' in parsed) {
        plan.typing.push({ rule: row.rule, figure: key, problem: parsed.problem });
        continue;
      }
      // After a reset the figure starts from its default; otherwise from the value in effect.
      const base = change.reset ? row.defaults[key] : row.effective[key];
      if (parsed.value !== base) change[key] = parsed.value;
      if (parsed.value !== row.effective[key]) plan.pending.push(line(row, key, parsed.value, ''));
    }
    if (Object.keys(change).length > 0) plan.changes[row.rule] = change;
  }
  return plan;
}

function line(row: ThresholdRow, figure: ThresholdFigure, after: number | null, note: string): PendingChange {
  return { rule: row.rule, title: row.title, figure, from: formatFigure(row, figure, row.effective[figure]), to: `${formatFigure(row, figure, after)}${note}` };
}

/** What the screen says a figure may be, from what the contract declares (the backend checks it). */
export function figureHint(row: ThresholdRow, key: ThresholdFigure): string | null {
  if (isDuration(key)) return `0 to ${MAX_THRESHOLD_MS / 1000} s (a day)`;
  if (key !== 'serious' || row.seriousUnit === null) return null;
  if (row.order === 'rising') return `at least “${FIGURE_LABELS.warn}” (higher is worse)`;
  if (row.order === 'falling') return `at most “${FIGURE_LABELS.warn}” (lower is worse)`;
  return null;
}

export const isOverridden = (row: ThresholdRow): boolean => Object.keys(row.override).length > 0;
