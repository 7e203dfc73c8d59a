import type { CoreAnalysis } from '../contract/core.js';
import type { CorePart } from '../contract/snapshot.js';

/**
 * core.open returns an analysis and forgets it; a snapshot wants the ones opened in its window.
 * Bounded: a core analysis can be large (every thread's frames).
 */
export class CoreAnalysisLog {
  private readonly entries: CorePart[] = [];

  constructor(private readonly capacity = 20) {}

  record(analysis: CoreAnalysis, openedAt = Date.now()): void {
    // Opening the same core again replaces the older analysis of it.
    const same = this.entries.findIndex((entry) => entry.analysis.core.path === analysis.core.path);
    if (same !== -1) this.entries.splice(same, 1);
    this.entries.push({ openedAt, analysis });
    while (this.entries.length > this.capacity) this.entries.shift();
  }

  between(from: number, to: number): CorePart[] {
    return this.entries.filter((entry) => entry.openedAt >= from && entry.openedAt <= to);
  }
}

/** Wraps an implementation's core.open so every analysis it returns is also kept in the log. */
export function recordCoreOpens<T extends { 'core.open': (input: never) => Promise<CoreAnalysis> }>(impl: T, log: CoreAnalysisLog): T {
  const open = impl['core.open'];
  return {
    ...impl,
    'core.open': async (input: never) => {
      const analysis = await open(input);
      log.record(analysis);
      return analysis;
    },
  };
}
