import { formatBytes, formatDuration, formatGrowthRate, MiB } from '../../common/format/index.js';
import type { Condition, Rule, RuleResult } from './rule.js';
import { isUnavailable } from '../observation.js';
import { named } from '../words.js';

/**
 * Growth is judged by the memory capability's verdict (robust slope, trend test, plateaus), which needs a
 * window: under 30 s of samples a steady rise and a warm-up look alike, so the rule says it could not judge.
 */
export const LEAK_MIN_OBSERVED_MS = 30_000;

export const memoryLeak: Rule = {
  id: 'memory-leak',
  evaluate(obs, th): RuleResult {
    if (obs.leaks === null) return { collecting: 'the memory growth sampler has not answered yet' };
    if (isUnavailable(obs.leaks)) return obs.leaks;
    const { observedMs, suspects } = obs.leaks;
    if (observedMs < LEAK_MIN_OBSERVED_MS) {
      return {
        collecting: `growth needs ${formatDuration(LEAK_MIN_OBSERVED_MS)} of memory samples to be judged and ${formatDuration(observedMs)} were taken (watch longer: --duration 30s)`,
      };
    }
    return suspects.flatMap((s): Condition[] => {
      const rate = s.verdict.rateMiBPerMin;
      if (s.verdict.kind !== 'growing' || rate === null || rate < th.warn) return [];
      const runsOut = s.verdict.runsOutInMs;
      const row = { pid: s.pid, startTime: s.startTime, name: s.name };
      const growing = s.verdict.growingSince === null ? 0 : Math.max(0, obs.now - s.verdict.growingSince);
      return [
        {
          key: `memory-leak:${s.pid}:${s.startTime}`,
          // The verdict dates the growth: a rise seen for a minute already is a finding at once.
          latch: { severity: runsOut !== null && runsOut <= th.serious * 60_000 ? 'serious' : 'warning', lastingMs: growing },
          sentence: `${named(row)} grows steadily by ${formatGrowthRate(rate)}${growing > 0 ? ` for ${formatDuration(growing)}` : ''}, now ${formatBytes(s.rssBytes)}${
            runsOut !== null ? `; at this rate the machine's available memory runs out in about ${formatDuration(runsOut)}` : ''
          }.`,
          evidence: [
            { label: 'growth', value: (rate * MiB) / 60, unit: 'bytesPerSec', threshold: (th.warn * MiB) / 60 },
            { label: 'resident memory', value: s.rssBytes, unit: 'bytes', threshold: null },
            ...(runsOut !== null ? [{ label: 'until available memory runs out', value: runsOut / 1000, unit: 'seconds' as const, threshold: th.serious * 60 }] : []),
          ],
          series: [],
          culprits: [row],
          next: { label: `Pin ${named(row)} in Memory growth to see what grows`, view: 'memory', target: row },
        },
      ];
    });
  },
};
