import { useSyncExternalStore } from 'react';

export const SNAPSHOT_FEATURE_ID = 'snapshots';
export type SnapshotView = 'export' | 'open' | 'view';

/** `#/snapshots/open` → "open"; the app's router only looks at the first segment, the page at the second. */
export function parseSubRoute(hash: string): SnapshotView | null {
  const [first, second] = hash.replace(/^#\/?/, '').split(/[/?]/);
  if (first !== SNAPSHOT_FEATURE_ID) return null;
  return second === 'export' || second === 'open' || second === 'view' ? second : null;
}

export const snapshotHref = (view: SnapshotView): string => `#/${SNAPSHOT_FEATURE_ID}/${view}`;

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useSubRoute(): SnapshotView | null {
  return useSyncExternalStore(subscribe, () => parseSubRoute(window.location.hash));
}
