import { create } from 'zustand';
import type { MemoryPinInfo } from '../../../native-bridge/contract/index.js';
import { getClient, type TriageClient } from '../../client/index.js';
import type { MemoryDeps } from './store/deps.js';
import { mapsSlice, type MapsState } from './store/maps.js';
import { pinsSlice, type PinsState } from './store/pins.js';
import { streamSlice, type StreamState } from './store/stream.js';
import { suspectsSlice, type SuspectsSliceState } from './store/suspects.js';

// The store is combined from one slice per job (store/); these re-exports keep the names other folders import.
export type { CompareState } from './store/maps.js';
export type { LimitsInput } from './store/pins.js';
export type { MemoryStatus } from './store/stream.js';
export { SUSPECTS_POLL_MS, type SuspectsState } from './store/suspects.js';

export interface MemoryState extends StreamState, PinsState, SuspectsSliceState, MapsState {}

export function createMemoryStore(clientOf: () => TriageClient = getClient) {
  return create<MemoryState>()((set, get) => {
    const deps: MemoryDeps = { clientOf };
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
