import type { StoreApi } from 'zustand';

/**
 * One slice of a feature's zustand store: the part of the state and the actions that do one job. A store that grew
 * large is combined from slices in its store.ts, so each job reads on its own while components still see one store.
 * `deps` holds what slices share that is not state (the client, storage, derived-state helpers, in-flight markers);
 * a slice reads other slices only through `get()`.
 */
export type StoreSlice<State, Part, Deps> = (set: StoreApi<State>['setState'], get: StoreApi<State>['getState'], deps: Deps) => Part;
