import type { CrashEntry } from '../../contract/core.js';
import type { NextStep } from '../../contract/findings.js';
import { formatClock } from '../../common/format/index.js';
import { isUnavailable } from '../observation.js';
import { CRASH_WINDOW_MS } from '../thresholds.js';
import type { Condition, Rule } from './rule.js';

type DatedCrash = CrashEntry & { timeMs: number };

const SOURCE_WORDS: Record<CrashEntry['source'], string> = {
  file: 'a core file',
  apport: 'an apport report',
  coredumpctl: 'a systemd-coredump entry',
};

/** The name a crash is grouped and matched by: the kernel's 15-character command name where the report has one. */
export const crashProgram = (c: CrashEntry): string => c.program ?? (c.executable ? c.executable.split('/').pop() ?? c.executable : 'an unknown program');

/** Crash reports dated within the window (a report without a date cannot be placed in it, so it is not counted). */
export function recentCrashes(crashes: readonly CrashEntry[], now: number): DatedCrash[] {
  return crashes.filter((c): c is DatedCrash => c.timeMs !== null && now - c.timeMs <= CRASH_WINDOW_MS && c.timeMs <= now + 60_000);
}

function nextStep(last: DatedCrash): NextStep {
  // A core file opens straight in the analysis; apport and systemd-coredump keep theirs packed (the Crashes tab says how to extract it).
  if (last.openable && last.path) return { label: 'Open this core in the Core view', view: 'cores', target: null, filter: { text: last.path } };
  return { label: 'Open Crashes to see how to extract its core', view: 'cores', target: null };
}

/** File names and report fields come from folders others may write (/var/crash is world-writable): no control characters reach a terminal. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function sentenceOf(program: string, crashes: readonly DatedCrash[]): string {
  const last = crashes.at(-1) as DatedCrash;
  const pid = last.pid !== null ? ` (pid ${last.pid})` : '';
  const signal = last.signalName ? ` with ${last.signalName}` : '';
  const when = crashes.length === 1 ? `at ${formatClock(last.timeMs)}` : `${crashes.length} times in the last hour, last at ${formatClock(last.timeMs)}`;
  const where = last.path ? `${SOURCE_WORDS[last.source]}, ${printable(last.path)}` : SOURCE_WORDS[last.source];
  return `${printable(program)}${pid} crashed${signal} ${when} and left ${where}.`;
}

export const recentCrash: Rule = {
  id: 'recent-crash',
  evaluate(obs, th) {
    if (obs.crashes === null) return { collecting: 'the crash reports have not been searched yet' };
    if (isUnavailable(obs.crashes)) return obs.crashes;
    const { unreadable } = obs.crashes;
    const byProgram = new Map<string, DatedCrash[]>();
    for (const c of recentCrashes(obs.crashes.crashes, obs.now).sort((a, b) => a.timeMs - b.timeMs)) {
      const name = crashProgram(c);
      byProgram.set(name, [...(byProgram.get(name) ?? []), c]);
    }
    const conditions: Condition[] = [...byProgram]
      .filter(([, crashes]) => crashes.length >= th.warn)
      .map(([program, crashes]) => {
        const last = crashes.at(-1) as DatedCrash;
        const missed = unreadable.length > 0 ? ` ${unreadable.map((u) => u.where).join(' and ')} could not be searched, so there may be more.` : '';
        return {
          key: `recent-crash:${program}`,
          latch: { severity: crashes.length >= th.serious ? 'serious' : 'warning', lastingMs: 0 },
          sentence: sentenceOf(program, crashes) + missed,
          evidence: [{ label: 'crash reports in the last hour', value: crashes.length, unit: 'count', threshold: th.warn }],
          series: [],
          culprits: [],
          next: nextStep(last),
          eventTime: (crashes[0] as DatedCrash).timeMs,
        };
      });
    // Nothing found where a place could not be searched is not "no crash": the check could not run there.
    if (conditions.length === 0 && unreadable.length > 0) {
      return { unavailable: `could not search ${unreadable.map((u) => `${u.where} (${u.message})`).join(', ')}` };
    }
    return conditions;
  },
};
