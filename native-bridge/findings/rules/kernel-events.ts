import { formatClock } from '../../common/format/index.js';
import { isUnavailable } from '../observation.js';
import type { KernelEvent } from '../kernel-log.js';
import { EVENT_WINDOW_MS } from '../thresholds.js';

import { crashProgram, recentCrashes } from './crashes.js';
import type { Condition, Rule } from './rule.js';

function eventCondition(event: KernelEvent, sentence: string, severity: 'serious' | 'warning', view: 'memory' | 'cores'): Condition {
  return {
    key: `${event.kind}:${event.time}:${event.pid}`,
    latch: { severity, lastingMs: 0 },
    sentence,
    evidence: [{ label: 'kernel log', value: 1, unit: 'count', threshold: null }],
    series: [],
    culprits: [],
    next: { label: view === 'cores' ? 'Open Crashes to find its core dump' : 'Open Memory growth', view, target: null },
    eventTime: event.time,
  };
}

const recent = (events: readonly KernelEvent[], kind: KernelEvent['kind'], now: number): KernelEvent[] =>
  events.filter((e) => e.kind === kind && now - e.time <= EVENT_WINDOW_MS);

/**
 * The conditions last built from the same inputs (the same objects, in the same order), else built now. These
 * rules are judged at every sample while a page looks, over an hour of kernel lines that rarely change: the
 * sentences (local times, the kernel's words) are made once per change of what is in the window.
 */
function lastBuiltFrom(): (inputs: readonly object[], build: () => Condition[]) => Condition[] {
  let last: { inputs: readonly object[]; conditions: Condition[] } | null = null;
  return (inputs, build) => {
    if (last?.inputs.length === inputs.length && last.inputs.every((input, i) => input === inputs[i])) return last.conditions;
    last = { inputs, conditions: build() };
    return last.conditions;
  };
}

const oomConditions = lastBuiltFrom();

export const oomKill: Rule = {
  id: 'oom-kill',
  evaluate(obs) {
    if (isUnavailable(obs.kernel)) return obs.kernel;
    const events = recent(obs.kernel, 'oom-kill', obs.now);
    return oomConditions(events, () =>
      events.map((e) => {
        const cgroup = /cgroup/i.test(e.text) ? 'its memory limit (cgroup) was reached' : 'the machine ran out of memory';
        return eventCondition(e, `The kernel killed ${e.name} (pid ${e.pid}) at ${formatClock(e.time)} because ${cgroup}.`, 'serious', 'memory');
      }),
    );
  },
};

/** "segmentation fault in libc.so.6" from the kernel's line; the addresses stay in the log. */
function crashWords(text: string): string {
  const kind = /general protection/.test(text) ? 'general protection fault' : /trap /.test(text) ? 'trap' : 'segmentation fault';
  const where = / in ([^[\s]+)\[/.exec(text)?.[1];
  return where ? `${kind} in ${where}` : kind;
}

/** A crash the kernel logged is the same crash as a report with its pid and command name written within a few minutes. */
const SAME_CRASH_MS = 5 * 60_000;

export const segfault: Rule = {
  id: 'segfault',
  evaluate(obs) {
    if (isUnavailable(obs.kernel)) return obs.kernel;
    // A crash that left a report is told once, by recent-crash (which opens its core); only the rest are told here.
    const reports = obs.crashes !== null && !isUnavailable(obs.crashes) ? recentCrashes(obs.crashes.crashes, obs.now) : [];
    const lines = recent(obs.kernel, 'segfault', obs.now);
    // The lines, then the reports: a report that comes or goes changes the inputs as a line does.
    return segfaultConditions([...lines, SEPARATOR, ...reports], () => segfaultsOf(lines, reports));
  },
};

/** Between the kernel lines and the crash reports in the inputs segfault conditions are remembered by. */
const SEPARATOR = {};
const segfaultConditions = lastBuiltFrom();

function segfaultsOf(lines: readonly KernelEvent[], reports: ReturnType<typeof recentCrashes>): Condition[] {
  // A lookup by pid per line, not a search of every report (an hour of a test run's crashes is hundreds of each).
  const reportsOf = new Map<number, typeof reports>();
  for (const c of reports) {
    if (c.pid === null) continue;
    const same = reportsOf.get(c.pid);
    if (same) same.push(c);
    else reportsOf.set(c.pid, [c]);
  }
  const reported = (e: KernelEvent): boolean =>
    reportsOf.get(e.pid)?.some((c) => crashProgram(c).slice(0, 15) === e.name.slice(0, 15) && Math.abs(c.timeMs - e.time) <= SAME_CRASH_MS) ?? false;
  // One finding per program: twelve crashes of one test binary are one fact, not twelve.
  const byName = new Map<string, KernelEvent[]>();
  for (const e of lines) {
    if (reported(e)) continue;
    const same = byName.get(e.name);
    if (same) same.push(e);
    else byName.set(e.name, [e]);
  }
  return [...byName].map(([name, events]) => {
    const last = events.at(-1) as KernelEvent;
    const first = events[0] as KernelEvent;
    const times = events.length === 1 ? `at ${formatClock(last.time)}` : `${events.length} times in the last hour, last at ${formatClock(last.time)}`;
    const condition = eventCondition(
      { ...last, time: first.time },
      `${name} (pid ${last.pid}) crashed ${times} (${crashWords(last.text)}).`,
      'warning',
      'cores',
    );
    return { ...condition, key: `segfault:${name}`, evidence: [{ label: 'crashes in the last hour', value: events.length, unit: 'count' as const, threshold: null }] };
  });
}
