import type { Feature, SubPage } from './feature.js';
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
import { thresholdsPage } from '../features/thresholds/feature.js';

export type { Feature, SubPage };

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

/** Pages with a route but no navigation entry of their own. */
export const SUB_PAGES: readonly SubPage[] = [thresholdsPage];

export function findFeature(id: string): Feature {
  return FEATURES.find((feature) => feature.id === id) ?? FEATURES[0]!;
}

/** What a route shows: its page, and the navigation entry marked current (the parent's, for a sub-page). */
export function findPage(id: string): { navId: string; pageId: string; Page: Feature['Page'] } {
  const sub = SUB_PAGES.find((page) => page.id === id);
  if (sub) return { navId: sub.parentId, pageId: sub.id, Page: sub.Page };
  const feature = findFeature(id);
  return { navId: feature.id, pageId: feature.id, Page: feature.Page };
}
