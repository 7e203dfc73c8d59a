import type { StoreApi } from 'zustand';
import type { StoreSlice } from '../../../app/store-slice.js';
import { describeError, type TriageClient } from '../../../client/index.js';
import type { Loadable, NetworkState } from '../store.js';

type LoadKey = { [K in keyof NetworkState]: NetworkState[K] extends Loadable<unknown> ? K : never }[keyof NetworkState];

/** Runs one request into its Loadable: loading while it runs, then the data or one sentence. */
export type Load = <K extends LoadKey>(key: K, fetch: () => Promise<NonNullable<NetworkState[K]['data']>>) => Promise<void>;

/** A slice of the network store; what the slices share besides the state is the client and `load`. */
export type NetworkSlice<Part> = StoreSlice<NetworkState, Part, { clientOf: () => TriageClient; load: Load }>;

export const empty = <T>(): Loadable<T> => ({ data: null, loading: false, error: null });

export function createLoad(set: StoreApi<NetworkState>['setState'], get: StoreApi<NetworkState>['getState']): Load {
  // Answers can arrive out of order (a slow sweep after a fast one): only the newest request's answer counts.
  const generation = new Map<LoadKey, number>();
  return async (key, fetch) => {
    const mine = (generation.get(key) ?? 0) + 1;
    generation.set(key, mine);
    set({ [key]: { ...get()[key], loading: true } } as Partial<NetworkState>);
    try {
      const data = await fetch();
      if (mine !== generation.get(key)) return;
      set({ [key]: { data, loading: false, error: null } } as Partial<NetworkState>);
    } catch (error) {
      if (mine !== generation.get(key)) return;
      set({ [key]: { ...get()[key], loading: false, error: describeError(error) } } as Partial<NetworkState>);
    }
  };
}
