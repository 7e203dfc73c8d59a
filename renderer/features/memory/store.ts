import { create } from 'zustand';
import type { StoreSlice } from '../../app/store-slice.js';
import type { MemoryPinInfo } from '../../../native-bridge/contract/index.js';
import { getClient, type TriageClient } from '../../client/index.js';
import { mapsSlice, type MapsState } from './store/maps.js';
import { pinsSlice, type PinsState } from './store/pins.js';
import { streamSlice, type StreamState } from './store/stream.js';
import { suspectsSlice, type SuspectsSliceState } from './store/suspects.js';

// The store is combined from one slice per job (store/); each slice reads the others only through get().
export interface MemoryState extends StreamState, PinsState, SuspectsSliceState, MapsState {}

export type MemorySlice<Part> = StoreSlice<MemoryState, Part, { clientOf: () => TriageClient }>;

export function createMemoryStore(clientOf: () => TriageClient = getClient) {
  return create<MemoryState>()((set, get) => {
    const deps = { clientOf };
    return {
      ...streamSlice(set, get, deps),
      ...pinsSlice(set, get, deps),
      ...suspectsSlice(set, get, deps),
      ...mapsSlice(set, get, deps),
    };
  });
}

export type MemoryStore = ReturnType<typeof createMemoryStore>;

/** The app's memory store: one subscription however many components read it. */
export const useMemory: MemoryStore = createMemoryStore();

/**
 * Pin a process from anywhere in the UI (the process table's "Pin" action): the pid and the start
 * time the caller saw, so a pid reused by another program is refused rather than watched by mistake.
 * Resolves to the pin, or null when the backend refused (the memory page shows why).
 */
export function pinProcess(pid: number, startTime: number): Promise<MemoryPinInfo | null> {
  return useMemory.getState().pinProcess(pid, startTime);
}
