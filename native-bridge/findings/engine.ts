import type { Check, Finding, FindingsReport, RuleId, Severity } from '../contract/findings.js';
import { stepLatch, type LatchState } from './latch.js';
import { isUnavailable, type Observation } from './observation.js';
import { RULES } from './rules/index.js';
import type { Condition, Rule } from './rules/rule.js';
import { THRESHOLDS, type RuleThresholds } from './thresholds.js';
import { formatDuration } from '../common/format/index.js';

const RANK: Record<Severity, number> = { serious: 0, warning: 1, info: 2 };

interface Tracked {
  rule: RuleId;
  state: LatchState;
  condition: Condition;
}

/**
 * Runs every rule over each observation and keeps the latches between calls, so findings appear only
 * after their condition lasted and go only after it stayed gone. Pure apart from that memory.
 */
export class FindingsEngine {
  private readonly tracked = new Map<string, Tracked>();
  /** Each rule's outcome at its last evaluation, reused when an evaluation judges only some rules. */
  private readonly outcomes = new Map<RuleId, { at: number; findings: Finding[]; check: Check }>();

  constructor(
    /** Asked at each evaluation: latches carry over a change of thresholds, so a finding is re-judged, not restarted. */
    private readonly thresholds: () => Readonly<Record<RuleId, RuleThresholds>> = () => THRESHOLDS,
    private readonly rules: readonly Rule[] = RULES,
  ) {}

  /**
   * The rules with a latch between two states at their last evaluation: pending (true, not yet for minMs),
   * changing severity, or clearing (active, but false that time). Only for these does a sample between two
   * evaluations change the outcome (a false one resets a pending run or restarts a clear), so a caller that
   * judges less often than it samples judges these rules at every sample.
   */
  rulesInTransition(): Set<RuleId> {
    const rules = new Set<RuleId>();
    for (const { rule, state } of this.tracked.values()) {
      if (state.active === null || state.change !== null || state.lastTrueAt !== this.outcomes.get(rule)?.at) rules.add(rule);
    }
    return rules;
  }

  /**
   * Judges every rule, or only the rules in `only` (the others' findings and checks are those of their last
   * evaluation): a latch in transition is judged at every sample without judging every rule again.
   */
  evaluate(obs: Observation, only?: ReadonlySet<RuleId>): FindingsReport {
    const findings: Finding[] = [];
    const checks: Check[] = [];
    const thresholds = this.thresholds();
    // Built only when a finding with culprits went quiet (rare): judged every second, the table has hundreds of rows.
    let alive: Set<string> | null = null;
    const isAlive = (p: { pid: number; startTime: number }): boolean => {
      alive ??= new Set((obs.processes?.rows ?? []).map((r) => `${r.pid}:${r.startTime}`));
      return alive.has(`${p.pid}:${p.startTime}`);
    };
    const exited = (c: Condition): boolean => obs.processes !== null && c.culprits.length > 0 && c.culprits.every((p) => !isAlive(p));
    for (const rule of this.rules) {
      const kept = only && !only.has(rule.id) ? this.outcomes.get(rule.id) : undefined;
      if (kept) {
        findings.push(...kept.findings);
        checks.push(kept.check);
        continue;
      }
      const from = findings.length;
      checks.push(this.judgeRule(rule, thresholds[rule.id], obs, findings, exited));
      this.outcomes.set(rule.id, { at: obs.now, findings: findings.slice(from), check: checks.at(-1)! });
    }
    findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.since - b.since);
    return { time: obs.now, observedMs: Math.max(0, obs.now - obs.startedAt), findings, checks, waitingFor: [] };
  }

  /** One rule over the observation: its findings are added to `findings`, its check returned. */
  private judgeRule(rule: Rule, th: RuleThresholds, obs: Observation, findings: Finding[], exited: (c: Condition) => boolean): Check {
    const seen = new Set<string>();
    const result = rule.evaluate(obs, th);
    if (isUnavailable(result)) return { rule: rule.id, title: th.title, status: 'unavailable', why: result.unavailable };
    if ('collecting' in result) return { rule: rule.id, title: th.title, status: 'collecting', why: result.collecting };
    let firing = 0;
    let pendingMs: number | null = null;
    for (const condition of result) {
      seen.add(condition.key);
      const finding = this.step(rule.id, th, condition, obs.now);
      if (finding) {
        findings.push(finding);
        firing++;
      } else {
        const state = this.tracked.get(condition.key)?.state;
        if (state) pendingMs = Math.max(pendingMs ?? 0, obs.now - state.since);
      }
    }
    // Active findings whose condition is gone this tick stay until it has been gone for clearMs.
    for (const [key, tracked] of this.tracked) {
      if (tracked.rule !== rule.id || seen.has(key)) continue;
      if (rule.endsWithCulprit && exited(tracked.condition)) {
        this.tracked.delete(key);
        continue;
      }
      const next = stepLatch(tracked.state, obs.now, null, th);
      if (next === null) {
        this.tracked.delete(key);
        continue;
      }
      tracked.state = next;
      if (next.active) {
        findings.push(toFinding(rule.id, next.active, next.since, tracked.condition));
        firing++;
      }
    }
    return checkOf(rule.id, th, firing, pendingMs);
  }

  private step(rule: RuleId, th: RuleThresholds, condition: Condition, now: number): Finding | null {
    if (condition.eventTime !== undefined) return toFinding(rule, condition.latch.severity, condition.eventTime, condition);
    const prev = this.tracked.get(condition.key);
    const state = stepLatch(prev?.state ?? null, now, condition.latch, th);
    if (state === null) {
      this.tracked.delete(condition.key);
      return null;
    }
    this.tracked.set(condition.key, { rule, state, condition });
    return state.active ? toFinding(rule, state.active, state.since, condition) : null;
  }
}

function toFinding(rule: RuleId, severity: Severity, since: number, c: Condition): Finding {
  return { key: c.key, rule, severity, sentence: c.sentence, since, evidence: c.evidence, series: c.series, culprits: c.culprits, next: c.next };
}

function checkOf(rule: RuleId, th: RuleThresholds, firing: number, pendingMs: number | null): Check {
  if (firing > 0) return { rule, title: th.title, status: 'firing', why: null };
  if (pendingMs !== null) {
    return {
      rule,
      title: th.title,
      status: 'collecting',
      why: `its condition has held for ${formatDuration(pendingMs)}; it becomes a finding after ${formatDuration(th.minMs)}`,
    };
  }
  return { rule, title: th.title, status: 'passed', why: null };
}
