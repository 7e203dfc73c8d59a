import { z } from 'zod';
import { RuleId } from '../contract/findings.js';
import { readJsonFile } from '../shared/json-file.js';
import { THRESHOLDS, type RuleThresholds } from './thresholds.js';

const Override = z
  .object({
    warn: z.number().finite(),
    serious: z.number(),
    minMs: z.number().int().min(0).max(86_400_000),
    clearMs: z.number().int().min(0).max(86_400_000),
  })
  .partial()
  .strict();

/**
 * Thresholds with the user's overrides from $XDG_CONFIG_HOME/triage/findings.json, for example
 * `{"cpu-hog": {"warn": 50, "minMs": 120000}}`. Each rule's entry is checked on its own: a damaged
 * entry falls back to the defaults for that rule only, and the reason is returned to be said.
 */
export function loadThresholds(configDir: string): { thresholds: Record<RuleId, RuleThresholds>; problems: string[] } {
  const thresholds: Record<RuleId, RuleThresholds> = { ...THRESHOLDS };
  const problems: string[] = [];
  const raw: unknown = readJsonFile(configDir, 'findings.json');
  if (raw === null || raw === undefined) return { thresholds, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { thresholds, problems: ['findings.json is not an object: defaults used'] };
  for (const [name, value] of Object.entries(raw)) {
    const rule = RuleId.safeParse(name);
    const override = Override.safeParse(value);
    if (!rule.success) problems.push(`findings.json: unknown rule "${name}" ignored`);
    else if (!override.success) problems.push(`findings.json: "${name}" is not valid (${override.error.issues[0]?.message ?? 'bad value'}): defaults used`);
    else thresholds[rule.data] = { ...THRESHOLDS[rule.data], ...override.data };
  }
  return { thresholds, problems };
}
