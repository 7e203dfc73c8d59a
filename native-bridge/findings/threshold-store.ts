import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS, type RuleId } from '../contract/findings.js';
import { THRESHOLD_FIGURES, thresholdRefusalMessage, type ThresholdChange, type ThresholdsReport, type ThresholdValues } from '../contract/findings-thresholds.js';
import { TriageError } from '../contract/errors.js';
import { writeJsonFileAtomic } from '../shared/json-file.js';
import { checkThresholds, effectiveThresholds, parseOverrides, toFileEntry, toValues, type Override, type Overrides, type ParsedOverrides } from './overrides.js';
import { readThresholdFile } from './threshold-file.js';
import { THRESHOLD_MEANINGS } from './threshold-meanings.js';
import { THRESHOLDS, type RuleThresholds } from './thresholds.js';

const FILE = 'findings.json';

/**
 * The findings thresholds in effect: defaults, the user's overrides in $XDG_CONFIG_HOME/triage/findings.json,
 * and changes made through `findings.setThresholds`, which are written before they are used.
 */
export class ThresholdStore {
  readonly file: string;
  private parsed: ParsedOverrides;
  private whole: 'ok' | 'damaged' = 'ok';
  private current: Record<RuleId, RuleThresholds>;

  constructor(private readonly configDir: string) {
    this.file = join(configDir, FILE);
    this.parsed = this.read();
    this.current = effectiveThresholds(this.parsed.overrides);
  }

  /** What the engine judges with now (a new object after each change). */
  thresholds(): Readonly<Record<RuleId, RuleThresholds>> {
    return this.current;
  }

  problems(): string[] {
    return [...this.parsed.problems];
  }

  report(extraProblems: string[] = []): ThresholdsReport {
    const rules = RULE_IDS.map((rule) => {
      const meaning = THRESHOLD_MEANINGS[rule];
      const { serious, ...rest } = this.parsed.overrides[rule] ?? {};
      const override: Partial<ThresholdValues> = serious === undefined ? rest : { ...rest, serious: Number.isFinite(serious) ? serious : null };
      return {
        rule,
        title: THRESHOLDS[rule].title,
        measure: THRESHOLDS[rule].measure,
        ...meaning,
        defaults: toValues(THRESHOLDS[rule]),
        override,
        effective: toValues(this.current[rule]),
      };
    });
    return { file: this.file, rules, problems: [...extraProblems, ...this.parsed.problems] };
  }

  /**
   * Applies the changes to the overrides on disk now (a hand edit since launch is kept), checks every changed
   * rule, writes the file atomically and only then switches what the engine uses. Nothing changes on a refusal.
   */
  apply(changes: Partial<Record<RuleId, ThresholdChange>>): ThresholdsReport {
    const onDisk = this.read();
    const next: Overrides = { ...onDisk.overrides };
    const damaged = { ...onDisk.damaged };
    const refusals: string[] = [];
    for (const [rule, change] of Object.entries(changes) as [RuleId, ThresholdChange][]) {
      const override: Override = change.reset ? {} : { ...next[rule] };
      for (const key of THRESHOLD_FIGURES) {
        const value = change[key];
        if (value === null) delete override[key];
        else if (value !== undefined) override[key] = value;
      }
      const issue = checkThresholds(rule, { ...THRESHOLDS[rule], ...override });
      if (issue) refusals.push(issue);
      delete damaged[rule];
      if (Object.keys(override).length === 0) delete next[rule];
      else next[rule] = override;
    }
    if (refusals.length > 0) throw new TriageError('INVALID_INPUT', thresholdRefusalMessage(refusals));
    const notes: string[] = [];
    if (this.whole === 'damaged') notes.push(...this.setAside());
    const content: Record<string, unknown> = { ...damaged };
    for (const [rule, override] of Object.entries(next) as [RuleId, Override][]) content[rule] = toFileEntry(override);
    try {
      writeJsonFileAtomic(this.configDir, FILE, content);
    } catch (error) {
      throw new TriageError('IO_ERROR', `Triage could not save the thresholds to ${this.file}: ${(error as Error).message}. Nothing was changed; the thresholds in use are as before.`);
    }
    this.parsed = { ...onDisk, overrides: next, damaged, problems: onDisk.problems.filter((p) => !Object.keys(changes).some((rule) => p.includes(`"${rule}"`))) };
    this.current = effectiveThresholds(next);
    return this.report(notes);
  }

  private read(): ParsedOverrides {
    const read = readThresholdFile(this.file);
    this.whole = read.state === 'damaged' ? 'damaged' : 'ok';
    if (read.state === 'missing') return { overrides: {}, damaged: {}, problems: [] };
    if (read.state === 'damaged') return { overrides: {}, damaged: {}, problems: [read.problem] };
    const parsed = parseOverrides(read.value, this.file);
    if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) this.whole = 'damaged';
    return parsed;
  }

  /** A file that could not be used at all is moved aside, not overwritten: the user may want what was in it. */
  private setAside(): string[] {
    const aside = `${this.file}.damaged-${Date.now()}`;
    try {
      renameSync(this.file, aside);
      return [`The unusable ${this.file} was moved to ${aside} and a new one written.`];
    } catch (error) {
      throw new TriageError('IO_ERROR', `Triage could not move the unusable ${this.file} aside (${(error as Error).message}); nothing was saved.`);
    }
  }
}
