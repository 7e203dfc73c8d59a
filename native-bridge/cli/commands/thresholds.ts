import type { ThresholdChange } from '../../contract/findings-thresholds.js';
import { RULE_IDS, type RuleId } from '../../contract/findings.js';
import { TriageError } from '../../contract/triage-error.js';
import { parseDuration } from '../args.js';
import { defineCommand } from '../define-command.js';
import { formatThresholds } from '../format/thresholds.js';

const FIGURES = { warn: 'warn', serious: 'serious', minMs: 'minMs', clearMs: 'clearMs', min: 'minMs', clear: 'clearMs' } as const;

function ruleId(name: string): RuleId {
  if ((RULE_IDS as readonly string[]).includes(name)) return name as RuleId;
  throw new TriageError('INVALID_INPUT', `"${name}" is not a rule (triage thresholds lists them).`);
}

/** `cpu-hog.warn=50`, `cpu-hog.min=2m`: one figure of one rule; durations take the usual forms (500ms, 60s, 5m). */
function parseSet(text: string, changes: Partial<Record<RuleId, ThresholdChange>>): void {
  const match = /^([a-z-]+)\.([a-zA-Z]+)=(.+)$/.exec(text.trim());
  if (!match) throw new TriageError('INVALID_INPUT', `--set takes RULE.FIGURE=VALUE, e.g. cpu-hog.warn=50 or cpu-hog.min=2m (got "${text}").`);
  const [, name, figureName, valueText] = match as unknown as [string, string, string, string];
  const rule = ruleId(name);
  const key = FIGURES[figureName as keyof typeof FIGURES];
  if (!key) throw new TriageError('INVALID_INPUT', `"${figureName}" is not a figure: use warn, serious, min or clear.`);
  const value = key === 'minMs' || key === 'clearMs' ? parseDuration(valueText) : Number(valueText);
  if (!Number.isFinite(value)) throw new TriageError('INVALID_INPUT', `${name}.${figureName} must be a number (got "${valueText}").`);
  changes[rule] = { ...changes[rule], [key]: value };
}

export const thresholds = defineCommand({
  name: 'thresholds',
  help: `Usage: triage thresholds [--set RULE.FIGURE=VALUE]… [--reset RULE|all]… [--json]

The thresholds the findings (and triage doctor) judge with: for each rule, what it measures, the level
worth a look, the serious level, how long a condition must last and how long it must be gone, with the
defaults beside any you changed. Changes are checked as a whole (nothing is saved unless all are valid),
saved to $XDG_CONFIG_HOME/triage/findings.json and written to the audit log. A Triage already running
(the app, triage web, triage record) reads them when it next starts.

  --set RULE.FIGURE=VALUE   change one figure: warn, serious, min (must last) or clear (gone after);
                            min and clear take durations (500ms, 60s, 5m). Repeat for several.
  --reset RULE|all          back to the defaults for one rule, or for every rule. Repeatable.
  --json                    print the table as JSON: the same object the UI receives

Exit status: 0 done, 1 not saved (the reason is printed), 2 a usage error.`,
  options: { set: { type: 'string', multiple: true }, reset: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  positionals: { max: 0, tooMany: 'Unexpected argument "{arg}": use --set RULE.FIGURE=VALUE or --reset RULE.' },
  async run({ values }, { client }) {
    const changes: Partial<Record<RuleId, ThresholdChange>> = {};
    for (const name of values.reset ?? []) {
      for (const rule of name === 'all' ? RULE_IDS : [ruleId(name)]) changes[rule] = { reset: true };
    }
    for (const text of values.set ?? []) parseSet(text, changes);
    const report = Object.keys(changes).length > 0 ? await client().call('findings.setThresholds', { changes }) : await client().call('findings.thresholds', {});
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatThresholds(report));
    return 0;
  },
});
