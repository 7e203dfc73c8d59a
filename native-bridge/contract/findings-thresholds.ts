import * as z from 'zod';
import { method } from './define.js';
import { RuleId } from './findings.js';

/** The longest minMs/clearMs a user may set: a day (longer would keep a finding from ever showing). */
export const MAX_THRESHOLD_MS = 86_400_000;

/**
 * How a rule's `warn` and `serious` relate: `rising`: higher is worse, so serious ≥ warn; `falling`: lower
 * is worse, so serious ≤ warn; `separate`: the two measure different things and are not ordered.
 */
export const ThresholdOrder = z.enum(['rising', 'falling', 'separate']);
export type ThresholdOrder = z.infer<typeof ThresholdOrder>;

/** One rule's four figures; `serious: null` means the rule has no serious level (it never escalates). */
export const ThresholdValues = z.object({
  warn: z.number(),
  serious: z.number().nullable(),
  minMs: z.number().int(),
  clearMs: z.number().int(),
});
export type ThresholdValues = z.infer<typeof ThresholdValues>;

export const ThresholdRow = z.lazy(() => z.object({
  rule: RuleId,
  title: z.string(),
  /** What warn and serious mean for this rule. */
  measure: z.string(),
  warnUnit: z.string(),
  /** null when the rule has no serious level. */
  seriousUnit: z.string().nullable(),
  order: ThresholdOrder,
  defaults: ThresholdValues,
  /** Only the figures the user changed in findings.json (valid ones; a damaged entry is a problem instead). */
  override: ThresholdValues.partial(),
  /** What the running engine judges with. */
  effective: ThresholdValues,
}));
export type ThresholdRow = z.infer<typeof ThresholdRow>;

export const ThresholdsReport = z.lazy(() => z.object({
  /** The file the overrides live in. */
  file: z.string(),
  rules: z.array(ThresholdRow),
  /** What was wrong with findings.json (each names the file); the rules concerned use their defaults. */
  problems: z.array(z.string()),
}));
export type ThresholdsReport = z.infer<typeof ThresholdsReport>;

/** A change to one rule: null for a figure goes back to its default; `reset` drops the whole override first. */
export const ThresholdChange = z
  .object({
    reset: z.boolean().optional(),
    warn: z.number().nullable().optional(),
    serious: z.number().nullable().optional(),
    minMs: z.number().nullable().optional(),
    clearMs: z.number().nullable().optional(),
  })
  .strict();
export type ThresholdChange = z.infer<typeof ThresholdChange>;

/** The four figures of a rule, in the order they are shown. */
export const THRESHOLD_FIGURES = ['warn', 'serious', 'minMs', 'clearMs'] as const;
export type ThresholdFigure = (typeof THRESHOLD_FIGURES)[number];

const REFUSAL_PREFIX = 'Thresholds not saved: ';

/**
 * The sentence `findings.setThresholds` refuses with (INVALID_INPUT): every refused rule's reason, each
 * starting with the rule's id. Written here beside its reader so a UI can put each reason by its field.
 */
export function thresholdRefusalMessage(reasons: readonly string[]): string {
  return `${REFUSAL_PREFIX}${reasons.join('; ')}.`;
}

export interface ThresholdRefusal {
  rule: RuleId;
  /** The figures the reason names, in its order ("serious (80) must be at least warn (95)": serious, warn). */
  figures: ThresholdFigure[];
  /** The backend's reason, as it said it. */
  sentence: string;
}

/** Each rule's reason in a refusal made by thresholdRefusalMessage; [] for any other message. */
export function readThresholdRefusals(message: string): ThresholdRefusal[] {
  if (!message.startsWith(REFUSAL_PREFIX)) return [];
  const body = message.slice(REFUSAL_PREFIX.length).replace(/\.$/, '');
  // A reason starts with "<rule>: "; "; " inside a reason is not followed by a rule id.
  const starts = new RegExp(`(?:^|; )(?=(?:${RuleId.options.join('|')}): )`, 'g');
  return body
    .split(starts)
    .filter((part) => part !== '')
    .map((part) => {
      const colon = part.indexOf(': ');
      const rule = RuleId.parse(part.slice(0, colon));
      const named = part.slice(colon + 2).match(/\b(warn|serious|minMs|clearMs)\b/g) ?? [];
      return { rule, figures: [...new Set(named as ThresholdFigure[])], sentence: part };
    });
}

export const findingsThresholdsContract = {
  /** Every rule's thresholds: meaning, default, the user's override and the value in effect. */
  'findings.thresholds': method({ input: z.lazy(() => z.object({}).strict()), output: ThresholdsReport }),
  /**
   * Changes some rules' overrides, checked as a whole (nothing is written unless every change is valid),
   * saved to findings.json and used by the running engine at once. Returns the table after the change.
   */
  'findings.setThresholds': method({
    input: z.lazy(() => z.object({ changes: z.partialRecord(RuleId, ThresholdChange) }).strict()),
    output: ThresholdsReport,
  }),
} as const;
export type FindingsThresholdsContract = typeof findingsThresholdsContract;
