import * as z from 'zod';
import { RuleId } from '../contract/findings.js';
import { MAX_THRESHOLD_MS, type ThresholdValues } from '../contract/findings-thresholds.js';
import { THRESHOLD_MEANINGS } from './threshold-meanings.js';
import { THRESHOLDS, type RuleThresholds } from './thresholds.js';

/** The figures one rule's entry in findings.json may change (serious: null in JSON stands for "no serious level"). */
export type Override = Partial<Pick<RuleThresholds, 'warn' | 'serious' | 'minMs' | 'clearMs'>>;
export type Overrides = Partial<Record<RuleId, Override>>;

const Entry = z
  .object({ warn: z.number(), serious: z.number(), minMs: z.number(), clearMs: z.number() })
  .partial()
  .strict();

/**
 * Whether one rule's figures make sense together: finite numbers, warn and serious in the rule's order,
 * durations whole milliseconds up to a day. The sentence names the rule and says what to change.
 */
export function checkThresholds(rule: RuleId, th: Pick<RuleThresholds, 'warn' | 'serious' | 'minMs' | 'clearMs'>): string | null {
  const meaning = THRESHOLD_MEANINGS[rule];
  if (!Number.isFinite(th.warn)) return `${rule}: warn must be a finite number`;
  if (meaning.seriousUnit === null) {
    if (th.serious !== Number.POSITIVE_INFINITY) return `${rule}: this rule has no serious level, so serious cannot be set`;
  } else if (!Number.isFinite(th.serious)) return `${rule}: serious must be a finite number`;
  else if (meaning.order === 'rising' && th.serious < th.warn) return `${rule}: serious (${th.serious}) must be at least warn (${th.warn}): higher is worse for this rule`;
  else if (meaning.order === 'falling' && th.serious > th.warn) return `${rule}: serious (${th.serious}) must be at most warn (${th.warn}): lower is worse for this rule`;
  for (const key of ['minMs', 'clearMs'] as const) {
    const ms = th[key];
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_THRESHOLD_MS) return `${rule}: ${key} must be whole milliseconds from 0 to ${MAX_THRESHOLD_MS} (a day)`;
  }
  return null;
}

/** Defaults with the overrides laid over them, rule by rule. */
export function effectiveThresholds(overrides: Overrides): Record<RuleId, RuleThresholds> {
  const out: Record<RuleId, RuleThresholds> = { ...THRESHOLDS };
  for (const [rule, override] of Object.entries(overrides) as [RuleId, Override][]) out[rule] = { ...THRESHOLDS[rule], ...override };
  return out;
}

export interface ParsedOverrides {
  overrides: Overrides;
  /** Entries that could not be used, kept verbatim so that saving another rule does not erase the user's text. */
  damaged: Record<string, unknown>;
  problems: string[];
}

/**
 * The user's overrides from findings.json's parsed content, for example `{"cpu-hog": {"warn": 50, "minMs": 120000}}`.
 * Each rule's entry is checked on its own: a damaged entry falls back to the defaults for that rule only,
 * and the reason, naming the file, is returned to be said.
 */
export function parseOverrides(raw: unknown, file: string): ParsedOverrides {
  const result: ParsedOverrides = { overrides: {}, damaged: {}, problems: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    result.problems.push(`${file} does not hold an object of rules: defaults used`);
    return result;
  }
  for (const [name, value] of Object.entries(raw)) {
    const rule = RuleId.safeParse(name);
    if (!rule.success) {
      result.damaged[name] = value;
      result.problems.push(`${file}: unknown rule "${name}" ignored`);
      continue;
    }
    const entry = Entry.safeParse(normalise(value));
    const issue = entry.success ? checkThresholds(rule.data, { ...THRESHOLDS[rule.data], ...entry.data }) : describe(entry.error);
    if (!entry.success || issue !== null) {
      result.damaged[name] = value;
      result.problems.push(`${file}: "${name}" is not valid (${issue ?? 'bad value'}): defaults used for this rule`);
    } else result.overrides[rule.data] = entry.data;
  }
  return result;
}

/** JSON cannot hold Infinity: "serious": null is how the file says "no serious level". */
function normalise(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('serious' in value) || (value as { serious: unknown }).serious !== null) return value;
  return { ...value, serious: Number.POSITIVE_INFINITY };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'bad value';
}

/** An override as findings.json holds it (Infinity written as null). */
export function toFileEntry(override: Override): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(override)) out[key] = Number.isFinite(value) ? value : null;
  return out;
}

/** A rule's figures as the contract carries them (no serious level as null). */
export function toValues(th: Pick<RuleThresholds, 'warn' | 'serious' | 'minMs' | 'clearMs'>): ThresholdValues {
  return { warn: th.warn, serious: Number.isFinite(th.serious) ? th.serious : null, minMs: th.minMs, clearMs: th.clearMs };
}
