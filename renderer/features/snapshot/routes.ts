import { useHashRoute } from '../../app/router.js';

export const SNAPSHOT_FEATURE_ID = 'snapshots';
export type SnapshotView = 'export' | 'open' | 'view';

/** `#/snapshots/open` → "open"; the app's router only looks at the first segment, the page at the second. */
export function parseSubRoute(hash: string): SnapshotView | null {
  const [first, second] = hash.replace(/^#\/?/, '').split(/[/?]/);
  if (first !== SNAPSHOT_FEATURE_ID) return null;
  return second === 'export' || second === 'open' || second === 'view' ? second : null;
}

export const snapshotHref = (view: SnapshotView): string => `#/${SNAPSHOT_FEATURE_ID}/${view}`;

export function useSubRoute(): SnapshotView | null {
  return useHashRoute(parseSubRoute);
}

/** Opens a snapshot and, once it is open, shows it in the viewer. */
export async function openAndView(opening: Promise<boolean>): Promise<void> {
  if (await opening) window.location.hash = snapshotHref('view');
}
