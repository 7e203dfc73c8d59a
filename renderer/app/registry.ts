import type { Feature } from './feature.js';
import { dashboardFeature } from '../features/dashboard/feature.js';
import { findingsFeature } from '../features/findings/feature.js';
import { processesFeature } from '../features/processes/feature.js';
import { memoryFeature } from '../features/memory/feature.js';
import { traceFeature } from '../features/trace/feature.js';
import { networkFeature } from '../features/network/feature.js';
import { coreFeature } from '../features/core/feature.js';
import { snapshotFeature } from '../features/snapshot/feature.js';
import { recordingFeature } from '../features/recording/feature.js';
import { aboutFeature } from '../features/about/feature.js';

export type { Feature };

/**
 * The navigation, in order. A feature adds itself with one entry here (and its import): Processes,
 * Memory, Trace, Core dumps and Snapshots slot in between Dashboard and About.
 */
export const FEATURES: readonly Feature[] = [
  dashboardFeature,
  findingsFeature,
  processesFeature,
  memoryFeature,
  traceFeature,
  networkFeature,
  coreFeature,
  snapshotFeature,
  recordingFeature,
  aboutFeature,
];

/** Pages that moved: the History page is now the dashboard's range bar (old links open its last hour). */
export const MOVED_ROUTES: Readonly<Record<string, { id: string; params: Record<string, string> }>> = {
  history: { id: 'dashboard', params: { range: '1h' } },
};

export const DEFAULT_FEATURE_ID = FEATURES[0]!.id;

export function findFeature(id: string): Feature {
  return FEATURES.find((feature) => feature.id === id) ?? FEATURES[0]!;
}
