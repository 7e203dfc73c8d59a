import type { ProcessSampler, ProcessTable } from './sampler.js';

/**
 * A sampler that has read its baseline already: its first sample() answers with that reading (and its
 * time), the next ones read anew. A one-shot list counts its measuring window from the first reading
 * (service.ts), so a command can take the baseline before it loads the rest of its code and measure over
 * the time it spends loading, instead of loading first and then waiting the whole window.
 */
export async function primedSampler(sampler: ProcessSampler): Promise<ProcessSampler> {
  let baseline: ProcessTable | null = await sampler.sample();
  return {
    source: sampler.source,
    sample() {
      const first = baseline;
      baseline = null;
      return first ? Promise.resolve(first) : sampler.sample();
    },
    invalidate: (pid) => sampler.invalidate?.(pid),
    close: () => sampler.close(),
  };
}
