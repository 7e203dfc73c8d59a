import { formatBytes, formatDuration, formatGrowthRate, MiB } from '../../common/format/index.js';
import type { GrowingLog } from '../log-growth/log-watch.js';
import { isUnavailable } from '../observation.js';
import { listWords, named } from '../words.js';
import type { Condition, Rule } from './rule.js';

const mibPerMin = (bytesPerSec: number): number => (bytesPerSec * 60) / MiB;

function fillsUp(log: GrowingLog): string {
  if (log.freeBytes === null) return ' How long until its filesystem is full could not be read (statfs failed).';
  if (log.freeBytes === 0) return ' Its filesystem is already full.';
  return ` At that rate its filesystem is full in ${formatDuration((log.freeBytes / log.bytesPerSec) * 1000)} (${formatBytes(log.freeBytes)} free).`;
}

function writtenBy(log: GrowingLog): string {
  if (log.writers === null) return '';
  if (log.writers.length > 0) return ` Written by ${listWords(log.writers.map(named))}.`;
  if (log.writersDenied > 0) return ` No process Triage may look at has it open for writing (${log.writersDenied} could not be looked at).`;
  return ' No process holds it open now: something opens it for each write (a shell redirection, a cron job).';
}

/** A log file growing fast for minutes: a loop logging an error, a debug level left on; it fills the disk. */
export const logGrowing: Rule = {
  id: 'log-growing',
  evaluate(obs, th) {
    if (obs.logs === null) return { collecting: 'the log files have not been measured yet' };
    if (isUnavailable(obs.logs)) return obs.logs;
    if (!obs.logs.measured) return { collecting: 'log sizes are compared between two reads a few seconds apart' };
    const conditions: Condition[] = obs.logs.growing
      .filter((log) => mibPerMin(log.bytesPerSec) >= th.warn)
      .map((log) => {
        const rate = mibPerMin(log.bytesPerSec);
        return {
          key: `log-growing:${log.path}`,
          latch: { severity: rate >= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
          sentence: `${log.path} grows ${formatGrowthRate(rate)} (now ${formatBytes(log.sizeBytes)}).${fillsUp(log)}${writtenBy(log)}`,
          evidence: [
            { label: 'growth', value: log.bytesPerSec, unit: 'bytesPerSec' as const, threshold: (th.warn * MiB) / 60 },
            { label: 'size', value: log.sizeBytes, unit: 'bytes' as const, threshold: null },
            ...(log.freeBytes === null ? [] : [{ label: 'free on its filesystem', value: log.freeBytes, unit: 'bytes' as const, threshold: null }]),
          ],
          series: log.sizes,
          culprits: log.writers ?? [],
          next: { label: 'Open Disk & I/O', view: 'disk' as const, target: log.writers?.[0] ?? null },
        };
      });
    // What could not be listed or was over the bound was not checked: with nothing growing elsewhere, the check did not fully run.
    if (conditions.length > 0) return conditions;
    const unchecked = [
      ...(obs.logs.unreadable.length > 0 ? [`could not list ${listWords(obs.logs.unreadable)}, so the log files there were not checked`] : []),
      ...(obs.logs.truncated ? [`only the first ${obs.logs.watched} log files are watched (there are more)`] : []),
    ];
    return unchecked.length > 0 ? { unavailable: unchecked.join('; ') } : [];
  },
};
