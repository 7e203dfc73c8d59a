import { formatDuration, plural } from '../../common/format/index.js';
import type { ProcessRow } from '../../contract/processes.js';
import { culpritOf, listWords, named } from '../words.js';
import type { Rule } from './rule.js';

export const stoppedProcess: Rule = {
  id: 'stopped-process',
  evaluate(obs) {
    if (!obs.processes) return { collecting: 'no process table yet' };
    return obs.stopped.map(({ row, firstSeenAt }) => ({
      key: `stopped-process:${row.pid}:${row.startTime}`,
      latch: { severity: 'warning' as const, lastingMs: 0 },
      sentence: `${named(row)} has been stopped for at least ${formatDuration(obs.now - firstSeenAt)} (a stop signal or Ctrl-Z): it does nothing until it is continued.`,
      evidence: [{ label: 'seen stopped for', value: (obs.now - firstSeenAt) / 1000, unit: 'seconds' as const, threshold: null }],
      series: [],
      culprits: [culpritOf(row)],
      next: { label: `Open ${named(row)} in Processes to continue or end it`, view: 'processes' as const, target: culpritOf(row) },
    }));
  },
};

export const zombies: Rule = {
  id: 'zombies',
  evaluate(obs, th) {
    if (!obs.processes) return { collecting: 'no process table yet' };
    const byParent = new Map<number, ProcessRow[]>();
    for (const row of obs.processes.rows) {
      if (row.state !== 'Z') continue;
      const list = byParent.get(row.ppid) ?? [];
      list.push(row);
      byParent.set(row.ppid, list);
    }
    // The parents are looked up only when a group is big enough (rare): judged every second, the table has hundreds of rows.
    const all = obs.processes.rows;
    let rows: Map<number, ProcessRow> | null = null;
    return [...byParent].flatMap(([ppid, children]) => {
      if (children.length < th.warn) return [];
      rows ??= new Map(all.map((r) => [r.pid, r]));
      const parent = rows.get(ppid);
      const who = parent ? named(parent) : `the process with pid ${ppid}`;
      return [
        {
          key: `zombies:${ppid}:${parent?.startTime ?? 0}`,
          latch: { severity: children.length >= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
          sentence: `${who} has ${plural(children.length, 'zombie child', 'zombie children')} it never reaped (${listWords(
            children.slice(0, 3).map(named),
          )}${children.length > 3 ? '…' : ''}): they exited but their parent did not collect them. Restarting the parent clears them.`,
          evidence: [{ label: 'zombie children', value: children.length, unit: 'count' as const, threshold: th.warn }],
          series: [],
          culprits: parent ? [culpritOf(parent)] : [],
          next: parent ? { label: `Open ${who} in Processes`, view: 'processes' as const, target: culpritOf(parent) } : null,
        },
      ];
    });
  },
};
