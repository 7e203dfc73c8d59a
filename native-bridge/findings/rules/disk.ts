import { formatBytes } from '../../common/format/index.js';
import type { ProcessRow } from '../../contract/processes.js';
import { isUnavailable } from '../observation.js';
import { culpritOf, named, percent } from '../words.js';
import { average, NO_SAMPLES, recentSamples, type Rule, SERIES_POINTS } from './rule.js';

/** Images that are full by design (snaps, live media): never "nearly full". */
const READ_ONLY_IMAGES = new Set(['squashfs', 'iso9660', 'erofs', 'cramfs', 'udf']);

export const diskFull: Rule = {
  id: 'disk-full',
  evaluate(obs, th) {
    if (obs.filesystems === null) return { collecting: 'the filesystems have not been read yet' };
    if (isUnavailable(obs.filesystems)) return obs.filesystems;
    return obs.filesystems.flatMap((fs) => {
      if (READ_ONLY_IMAGES.has(fs.fsType)) return [];
      const inodes = fs.inodesPercent ?? 0;
      const worst = Math.max(fs.usedPercent, inodes);
      if (worst < th.warn) return [];
      const byInodes = inodes > fs.usedPercent;
      const held = fs.deletedOpenBytes > 0 ? ` Deleted files still open hold ${formatBytes(fs.deletedOpenBytes)} of it.` : '';
      return [
        {
          key: `disk-full:${fs.mountPoint}`,
          latch: { severity: worst >= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
          sentence: byInodes
            ? `${fs.mountPoint} has used ${percent(inodes)} of its inodes: new files will fail even with space left (${formatBytes(fs.availableBytes)} free).`
            : `${fs.mountPoint} is ${percent(fs.usedPercent)} full: ${formatBytes(fs.availableBytes)} left of ${formatBytes(fs.sizeBytes)}.${held}`,
          evidence: [
            { label: 'space used', value: fs.usedPercent, unit: 'percent' as const, threshold: th.warn },
            ...(fs.inodesPercent === null ? [] : [{ label: 'inodes used', value: fs.inodesPercent, unit: 'percent' as const, threshold: th.warn }]),
            { label: 'held by deleted open files', value: fs.deletedOpenBytes, unit: 'bytes' as const, threshold: null },
          ],
          series: [],
          culprits: [],
          next: { label: 'Open Disk & I/O (deleted files still holding space are listed there)', view: 'disk' as const, target: null },
        },
      ];
    });
  },
};

const ioRate = (r: ProcessRow): number => (r.ioReadPerSec ?? 0) + (r.ioWritePerSec ?? 0);

export const ioSaturated: Rule = {
  id: 'io-saturated',
  evaluate(obs, th) {
    const samples = recentSamples(obs.system, 10_000, obs.now);
    const last = samples.at(-1);
    if (!last) return NO_SAMPLES;
    // The biggest user is ranked only when a disk is busy: judged every second, the table has hundreds of rows.
    let ranked: { top: ProcessRow | undefined } | null = null;
    return last.disks.flatMap((disk) => {
      const busy = average(samples.map((s) => s.disks.find((d) => d.name === disk.name)?.busyPercent ?? 0));
      if (busy < th.warn) return [];
      ranked ??= { top: [...(obs.processes?.rows ?? [])].filter((r) => ioRate(r) > 0).sort((a, b) => ioRate(b) - ioRate(a))[0] };
      const { top } = ranked;
      return [
        {
          key: `io-saturated:${disk.name}`,
          latch: { severity: busy >= th.serious ? ('serious' as const) : ('warning' as const), lastingMs: 0 },
          sentence: `Disk ${disk.name} is busy ${percent(busy)} of the time${
            top ? `; the biggest user is ${named(top)} (${formatBytes(ioRate(top))}/s)` : ''
          }: everything that reads or writes it waits.`,
          evidence: [{ label: `${disk.name} busy`, value: busy, unit: 'percent' as const, threshold: th.warn }],
          series: obs.system.slice(-SERIES_POINTS).map((s) => s.disks.find((d) => d.name === disk.name)?.busyPercent ?? 0),
          culprits: top ? [culpritOf(top)] : [],
          next: { label: 'Open Disk & I/O', view: 'disk' as const, target: top ? culpritOf(top) : null },
        },
      ];
    });
  },
};
