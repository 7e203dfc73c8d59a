import { lazy } from 'react';
import type { Feature } from '../../app/feature.js';
import { installSnapshotInput } from './global-input.js';
import { SNAPSHOT_FEATURE_ID } from './routes.js';

const SnapshotPage = lazy(() => import('./SnapshotPage.js').then((module) => ({ default: module.SnapshotPage })));

export const snapshotFeature: Feature = { id: SNAPSHOT_FEATURE_ID, label: 'Snapshots', icon: 'camera', Page: SnapshotPage };

// The shortcut and dropping a file work from every page, so they cannot wait for this page to load.
let installed = false;
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function' && !installed) {
  installed = true;
  installSnapshotInput(window, () => import('./store.js').then((module) => module.useSnapshots));
}
