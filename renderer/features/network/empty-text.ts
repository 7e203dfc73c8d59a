import type { Loadable } from './store.js';

/**
 * What an empty list says. Only a list that was read and is empty may say "none"; before the first answer,
 * or after a failed one, it says that instead (no data is not "nothing there").
 */
export function emptyText(loadable: Pick<Loadable<unknown>, 'data' | 'loading' | 'error'>, none: string, reading = 'Reading…'): string {
  if (loadable.data !== null) return none;
  if (loadable.error !== null) return `Not shown: ${loadable.error}`;
  return loadable.loading ? reading : 'Not read yet.';
}
