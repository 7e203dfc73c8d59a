import { formatDuration } from '../../common/format/index.js';
import type { ProcessRow } from '../../contract/processes.js';
import { culpritOf, coresWords, listWords, named, percent } from '../words.js';
import { average, NO_SAMPLES, recentSamples, type Rule, SERIES_POINTS } from './rule.js';

const WINDOW_MS = 10_000;
/** A process under this share of one core is not named as a cause. */
const CULPRIT_MIN_CPU = 10;
/** Below this, CPU the table cannot account for is sampling noise, not short-lived programs. */
const UNSEEN_MIN_PERCENT = 15;

const busiest = (rows: readonly ProcessRow[]): ProcessRow[] =>
  rows.filter((r) => r.cpu >= CULPRIT_MIN_CPU).sort((a, b) => b.cpu - a.cpu);

export const cpuSaturated: Rule = {
  id: 'cpu-saturated',
  evaluate(obs, th) {
    const samples = recentSamples(obs.system, WINDOW_MS, obs.now);
    const last = samples.at(-1);
    if (!last) return NO_SAMPLES;
    const busy = average(samples.map((s) => s.cpu.total.busy));
    if (busy < th.warn) return [];
    // Saturation is only useful with its culprits named: wait for the first process table.
    if (!obs.processes) return { collecting: 'no process table yet' };
    const pressure = last.pressure?.cpu?.some ?? null;
    const cores = last.load.cores;
    const rows = obs.processes.rows;
    const top = busiest(rows).slice(0, 3);
    // CPU that no listed process accounts for went to programs that started and ended between two samples.
    const seen = rows.reduce((sum, r) => sum + r.cpu, 0) / cores;
    const unseen = busy - seen;
    const who = top.length > 0 ? `${listWords(top.map(named))} use` : 'Many small programs use';
    const wait = pressure ? `; other programs wait — pressure ${percent(pressure.avg10)}` : '';
    const shortLived =
      unseen >= UNSEEN_MIN_PERCENT ? `; ${percent(unseen)} went to programs too short-lived to be listed (they started and ended between samples)` : '';
    const serious = pressure !== null && pressure.avg10 >= 20;
    // The kernel's 60-second pressure average (or the 5-minute load) says the saturation did not just begin.
    const lasting = (pressure !== null && pressure.avg60 >= 20) || last.load.five >= cores ? 60_000 : 0;
    return [
      {
        key: 'cpu-saturated',
        latch: { severity: serious ? 'serious' : 'warning', lastingMs: lasting },
        sentence: `${who} ${percent(busy)} of ${coresWords(cores)}${wait}${shortLived}.`,
        evidence: [
          { label: 'CPU busy', value: busy, unit: 'percent', threshold: th.warn },
          ...(pressure ? [{ label: 'CPU pressure (some, 10 s)', value: pressure.avg10, unit: 'percent' as const, threshold: 20 }] : []),
          { label: 'load (1 min)', value: last.load.one, unit: 'load', threshold: cores },
        ],
        series: obs.system.slice(-SERIES_POINTS).map((s) => s.cpu.total.busy),
        culprits: top.map(culpritOf),
        next: top[0]
          ? { label: `Open ${named(top[0])} in Processes to stop it or lower its priority`, view: 'processes', target: culpritOf(top[0]) }
          : { label: 'Open Processes sorted by CPU', view: 'processes', target: null },
      },
    ];
  },
};

export const cpuHog: Rule = {
  id: 'cpu-hog',
  evaluate(obs, th) {
    if (!obs.processes) return { collecting: 'no process table yet' };
    return obs.processes.rows
      .filter((r) => r.cpu >= th.warn)
      .map((row) => {
        const ageMs = Math.max(1, obs.now - row.startedAt);
        // Its CPU time over its whole life says how long it has been busy before Triage looked.
        const lifetime = (row.cpuTime * 1000 * 100) / ageMs;
        const lastingMs = lifetime >= th.warn ? ageMs : 0;
        return {
          key: `cpu-hog:${row.pid}:${row.startTime}`,
          latch: { severity: 'warning' as const, lastingMs },
          sentence: `${named(row)} keeps ${row.cpu > 110 ? 'more than one core' : 'a whole core'} busy (${percent(row.cpu)} of one core${
            lastingMs > 0 ? `, ${formatDuration(ageMs)} since it started` : ''
          }).`,
          evidence: [
            { label: 'CPU, % of one core', value: row.cpu, unit: 'percent' as const, threshold: th.warn },
            { label: 'CPU time used', value: row.cpuTime, unit: 'seconds' as const, threshold: null },
          ],
          series: [],
          culprits: [culpritOf(row)],
          next: { label: `Open ${named(row)} in Processes to stop it or lower its priority`, view: 'processes' as const, target: culpritOf(row) },
        };
      });
  },
};

export const loadDiskWait: Rule = {
  id: 'load-dstate',
  evaluate(obs, th) {
    const last = obs.system.at(-1);
    if (!last) return NO_SAMPLES;
    if (!obs.processes) return { collecting: 'no process table yet' };
    const waiting = obs.diskWait.map((s) => s.row);
    if (last.load.one <= last.load.cores || waiting.length < th.warn) return [];
    const shown = waiting.slice(0, 3);
    const more = waiting.length > shown.length ? ` and ${waiting.length - shown.length} more` : '';
    return [
      {
        key: 'load-dstate',
        latch: { severity: waiting.length >= th.serious ? 'serious' : 'warning', lastingMs: 0 },
        sentence: `Load is ${last.load.one.toFixed(1)} on ${last.load.cores} cores and ${waiting.length === 1 ? 'one process is' : `${waiting.length} processes are`} stuck waiting for disk or network I/O (state D): ${listWords(shown.map(named))}${more}. They cannot be interrupted until the device answers.`,
        evidence: [
          { label: 'load (1 min)', value: last.load.one, unit: 'load', threshold: last.load.cores },
          { label: 'processes in D state', value: waiting.length, unit: 'count', threshold: th.warn },
        ],
        series: obs.system.slice(-SERIES_POINTS).map((s) => s.load.one),
        culprits: shown.map(culpritOf),
        next: { label: 'Open Disk & I/O to see which device is slow', view: 'disk', target: shown[0] ? culpritOf(shown[0]) : null },
      },
    ];
  },
};
