import * as z from 'zod';
import { method, stream } from './define.js';
import { Pid, StartTime } from './processes.js';

/** Every rule the findings engine knows; thresholds and documentation are keyed by these ids. */
export const RULE_IDS = [
  'cpu-saturated',
  'cpu-hog',
  'load-dstate',
  'memory-pressure',
  'memory-low',
  'swap-storm',
  'disk-full',
  'io-saturated',
  'log-growing',
  'stopped-process',
  'zombies',
  'oom-kill',
  'segfault',
  'recent-crash',
  'thermal-throttling',
  'cpu-slow',
  'power-saver',
  'battery-low',
  'clock-unsynced',
  'unit-failed',
  'unit-restarting',
  'memory-leak',
  'close-wait',
  'syn-sent',
  'time-wait',
  'receive-queue',
  'accept-queue',
] as const;
export const RuleId = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleId>;

/** The rules about sockets: the Network view shows their findings and checks. */
export const SOCKET_RULE_IDS: readonly RuleId[] = ['close-wait', 'syn-sent', 'time-wait', 'receive-queue', 'accept-queue'];

/** serious: act now; warning: worth a look; info: good to know. */
export const Severity = z.enum(['serious', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const EvidenceUnit = z.enum(['percent', 'bytes', 'bytesPerSec', 'count', 'seconds', 'load', 'celsius']);
export type EvidenceUnit = z.infer<typeof EvidenceUnit>;

/** One number behind a finding, with what it is compared against. */
export const Evidence = z.lazy(() => z.object({
  label: z.string(),
  value: z.number(),
  unit: EvidenceUnit,
  threshold: z.number().nullable(),
}));
export type Evidence = z.infer<typeof Evidence>;

export const Culprit = z.lazy(() => z.object({ pid: Pid, startTime: StartTime, name: z.string() }));
export type Culprit = z.infer<typeof Culprit>;

/** Where the user goes next, with the target filled in. */
export const NextStep = z.lazy(() => z.object({
  label: z.string(),
  view: z.enum(['processes', 'memory', 'network', 'disk', 'trace', 'cores']),
  /** The process the view opens on, when there is one. */
  target: Culprit.nullable(),
  /** What the view opens filtered to, where it takes a filter (the Network view: sockets in one state, with a peer or port). */
  filter: z.object({ state: z.string().optional(), text: z.string().optional() }).strict().optional(),
}));
export type NextStep = z.infer<typeof NextStep>;

export const Finding = z.lazy(() => z.object({
  /** Stable while the same condition lasts: the rule plus its subject (a pid, a mount point…). */
  key: z.string(),
  rule: RuleId,
  severity: Severity,
  /** One plain sentence that names the culprit. */
  sentence: z.string(),
  /** When the condition began (ms since the epoch): kernel averages and process ages can date it before Triage looked. */
  since: z.number(),
  evidence: z.array(Evidence),
  /** A short series of the main figure (oldest first), for a small chart; empty for events. */
  series: z.array(z.number()),
  culprits: z.array(Culprit),
  next: NextStep.nullable(),
}));
export type Finding = z.infer<typeof Finding>;

/**
 * What each rule concluded. `collecting`: not enough observed yet to judge (no data is not "nothing wrong");
 * `unavailable`: the machine has no such thing or Triage may not read it (the reason says which).
 */
export const CheckStatus = z.enum(['passed', 'firing', 'collecting', 'unavailable']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const Check = z.lazy(() => z.object({ rule: RuleId, title: z.string(), status: CheckStatus, why: z.string().nullable() }));
export type Check = z.infer<typeof Check>;

export const FindingsReport = z.lazy(() => z.object({
  time: z.number(),
  /** How long the engine has been watching, ms. */
  observedMs: z.number().nonnegative(),
  /** Most serious first, then oldest first. */
  findings: z.array(Finding),
  checks: z.array(Check),
  /** Readings that have not answered once yet ("the process table"…): a report before them is not complete. */
  waitingFor: z.array(z.string()).default([]),
}));
export type FindingsReport = z.infer<typeof FindingsReport>;

export const findingsContract = {
  /** The findings now; starts watching if nothing did (the first answer may say "collecting"). */
  'findings.current': method({ input: z.lazy(() => z.object({}).strict()), output: FindingsReport }),
  /**
   * A report after every evaluation while subscribed: each sampling tick, or with `summary` (a subscriber that
   * shows only how many findings there are and how serious, such as a navigation badge) at the pace of the
   * background recorder: every few seconds, so a finding appears or goes up to that much later, its minimum and
   * clear durations still held in time. Any subscriber without `summary` makes every tick a judgement again.
   */
  'findings.stream': stream({ input: z.lazy(() => z.object({ summary: z.boolean().optional() }).strict()), message: FindingsReport }),
} as const;
export type FindingsContract = typeof findingsContract;
