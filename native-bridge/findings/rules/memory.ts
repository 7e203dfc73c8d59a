import { formatBytes } from '../../common/format/index.js';
import type { ProcessRow } from '../../contract/processes.js';
import { culpritOf, listWords, percent } from '../words.js';
import { average, NO_SAMPLES, recentSamples, type Rule, SERIES_POINTS } from './rule.js';

const MIB = 1024 * 1024;

const biggest = (rows: readonly ProcessRow[]): ProcessRow[] => [...rows].sort((a, b) => b.rss - a.rss).slice(0, 3);
const sized = (r: ProcessRow): string => `${r.name} (pid ${r.pid}, ${formatBytes(r.rss)})`;

export const memoryPressure: Rule = {
  id: 'memory-pressure',
  evaluate(obs, th) {
    const last = obs.system.at(-1);
    if (!last) return NO_SAMPLES;
    const pressure = last.pressure?.memory ?? null;
    if (!pressure) return { unavailable: 'the kernel does not report pressure here (/proc/pressure needs Linux 4.20 with PSI on)' };
    const full = pressure.full?.avg60 ?? 0;
    if (pressure.some.avg60 < th.warn && full < th.serious) return [];
    const top = biggest(obs.processes?.rows ?? []);
    return [
      {
        key: 'memory-pressure',
        // avg60 is the kernel's own one-minute average: the condition has lasted that long already.
        latch: { severity: full >= th.serious ? 'serious' : 'warning', lastingMs: 60_000 },
        sentence: `Programs spent ${percent(pressure.some.avg60)} of the last minute waiting for memory${
          full >= th.serious ? ` (all of them at once ${percent(full)} of it)` : ''
        }${top.length > 0 ? `; the biggest are ${listWords(top.map(sized))}` : ''}.`,
        evidence: [
          { label: 'memory pressure (some, 60 s)', value: pressure.some.avg60, unit: 'percent', threshold: th.warn },
          { label: 'memory pressure (full, 60 s)', value: full, unit: 'percent', threshold: th.serious },
        ],
        series: obs.system.slice(-SERIES_POINTS).map((s) => s.pressure?.memory?.some.avg10 ?? 0),
        culprits: top.map(culpritOf),
        next: { label: 'Open Memory growth to see who is growing', view: 'memory', target: top[0] ? culpritOf(top[0]) : null },
      },
    ];
  },
};

export const memoryLow: Rule = {
  id: 'memory-low',
  evaluate(obs, th) {
    const last = obs.system.at(-1);
    if (!last) return NO_SAMPLES;
    const { totalBytes, availableBytes } = last.memory;
    const share = totalBytes > 0 ? (availableBytes / totalBytes) * 100 : 100;
    if (share >= th.warn) return [];
    const top = biggest(obs.processes?.rows ?? []);
    return [
      {
        key: 'memory-low',
        latch: { severity: share < th.serious ? 'serious' : 'warning', lastingMs: 0 },
        sentence: `Only ${formatBytes(availableBytes)} of ${formatBytes(totalBytes)} memory is available (${percent(share)})${
          top.length > 0 ? `; the biggest are ${listWords(top.map(sized))}` : ''
        }.`,
        evidence: [{ label: 'available memory', value: share, unit: 'percent', threshold: th.warn }],
        series: obs.system.slice(-SERIES_POINTS).map((s) => (s.memory.totalBytes > 0 ? (s.memory.availableBytes / s.memory.totalBytes) * 100 : 100)),
        culprits: top.map(culpritOf),
        next: { label: 'Open Processes sorted by memory', view: 'processes', target: top[0] ? culpritOf(top[0]) : null },
      },
    ];
  },
};

export const swapStorm: Rule = {
  id: 'swap-storm',
  evaluate(obs, th) {
    const samples = recentSamples(obs.system, 10_000, obs.now);
    const last = samples.at(-1);
    if (!last) return NO_SAMPLES;
    if (last.memory.swapTotalBytes === 0) return { unavailable: 'this machine has no swap' };
    const rate = average(samples.map((s) => s.memory.swapInBytesPerSec + s.memory.swapOutBytesPerSec)) / MIB;
    if (rate < th.warn) return [];
    return [
      {
        key: 'swap-storm',
        latch: { severity: rate >= th.serious ? 'serious' : 'warning', lastingMs: 0 },
        sentence: `The machine is swapping ${rate.toFixed(1)} MiB/s: memory is moved to disk and back, so every program that touches it waits.`,
        evidence: [{ label: 'swap in + out, MiB/s', value: rate, unit: 'count', threshold: th.warn }],
        series: obs.system.slice(-SERIES_POINTS).map((s) => (s.memory.swapInBytesPerSec + s.memory.swapOutBytesPerSec) / MIB),
        culprits: [],
        next: { label: 'Open Processes sorted by memory', view: 'processes', target: null },
      },
    ];
  },
};
