import type { Snapshot } from '../../contract/snapshot.js';
import { baseSample, syntheticRows, syntheticSnapshot, varySamples } from './synthetic.js';

/**
 * The largest snapshot Triage should ever write, to size the reader's limits from: one hour at 1 Hz on a big
 * machine (32 cores, 8 disks, 6 network interfaces), 2,000 processes, the 20 per-process series the recorder
 * keeps (10 busiest + 10 largest) over the whole hour, 10,000 audit entries, 10 traces, 5 cores with 100
 * threads of 20 frames each, and every note at its 20,000-character maximum.
 */
export function largestRealisticSnapshot(now = Date.UTC(2026, 10, 26, 13, 0, 0)): Snapshot {
  const base = baseSample(now);
  const core = base.cpu.cores[0]!;
  const big = {
    ...base,
    cpu: { ...base.cpu, cores: Array.from({ length: 32 }, () => ({ ...core })) },
    load: { ...base.load, cores: 32 },
    disks: Array.from({ length: 8 }, (_, i) => ({ ...base.disks[0]!, name: `nvme${i}n1` })),
    net: Array.from({ length: 6 }, (_, i) => ({ ...base.net[0]!, name: `eth${i}` })),
  };
  const samples = varySamples(big, 3600, now);
  const small = syntheticSnapshot({ samples: 1, processes: 0, now });
  const parts = small.parts;
  const topSeries = Array.from({ length: 20 }, (_, n) => ({
    pid: 100 + n,
    startTime: 1000 + n * 7,
    name: `worker-${n}`,
    reason: n < 10 ? ('cpu' as const) : ('memory' as const),
    points: samples.map((s, i) => ({ time: s.time, cpu: (i * 7 + n) % 100, rss: 50_000_000 + i * 4096 })),
  }));
  const audit = Array.from({ length: 10_000 }, (_, i) => ({ ...parts.audit![0]!, target: { ...parts.audit![0]!.target, pid: 1000 + i } }));
  const trace = parts.traces![0]!;
  const coreFile = parts.cores![0]!;
  const thread = coreFile.analysis.kind === 'core' ? coreFile.analysis.threads[0]! : null;
  const cores = Array.from({ length: 5 }, () =>
    coreFile.analysis.kind === 'core' && thread
      ? {
          ...coreFile,
          analysis: {
            ...coreFile.analysis,
            threads: Array.from({ length: 100 }, (_, t) => ({ ...thread, id: t + 1, lwp: 4242 + t, frames: Array.from({ length: 20 }, (_, f) => ({ ...thread.frames[0]!, level: f })) })),
          },
        }
      : coreFile,
  );
  const note = 'x'.repeat(20_000);
  return {
    ...small,
    meta: { ...small.meta, window: { from: now - 3_600_000, to: now } },
    parts: {
      ...parts,
      metrics: samples,
      processes: { ...parts.processes!, rows: syntheticRows(2000, now), topSeries },
      audit,
      traces: Array.from({ length: 10 }, (_, i) => ({ ...trace, session: { ...trace.session, id: `${trace.session.id.slice(0, -2)}${String(i).padStart(2, '0')}` } })),
      cores,
      notes: { tryingToDo: note, steps: note, expected: note, actual: note },
    },
  };
}
