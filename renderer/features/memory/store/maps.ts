import type { MemoryMapsComparison, MemoryPinInfo } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import { mergeSnapshots } from '../apply.js';
import type { MemorySlice } from '../store.js';

export interface CompareState {
  status: 'idle' | 'working' | 'ready' | 'error';
  result: MemoryMapsComparison | null;
  error: string | null;
}

/** The maps slice: snapshots of a pinned process's memory maps and what grew between two of them. */
export interface MapsState {
  compare: Readonly<Record<string, CompareState>>;

  captureMaps(pinId: string): Promise<void>;
  compareMaps(pinId: string, fromSnapshotId?: number, toSnapshotId?: number): Promise<void>;
}

export const mapsSlice: MemorySlice<MapsState> = (set, get, { clientOf }) => {
  const setCompare = (pinId: string, value: CompareState): void => set({ compare: { ...get().compare, [pinId]: value } });

  const addSnapshots = (pinId: string, snapshots: MemoryPinInfo['snapshots']): void =>
    set({ pins: get().pins.map((p) => (p.pinId === pinId ? { ...p, snapshots: mergeSnapshots(p.snapshots, snapshots) } : p)) });

  return {
    compare: {},

    async captureMaps(pinId) {
      try {
        const snapshot = await clientOf().call('memory.captureMaps', { pinId });
        addSnapshots(pinId, [snapshot]);
        set({ notice: null });
      } catch (error) {
        set({ notice: describeError(error) });
      }
    },

    async compareMaps(pinId, fromSnapshotId, toSnapshotId) {
      const previous = get().compare[pinId];
      setCompare(pinId, { status: 'working', result: previous?.result ?? null, error: null });
      try {
        const result = await clientOf().call('memory.compareMaps', { pinId, fromSnapshotId, toSnapshotId });
        addSnapshots(pinId, [result.from, result.to]);
        setCompare(pinId, { status: 'ready', result, error: null });
      } catch (error) {
        setCompare(pinId, { status: 'error', result: previous?.result ?? null, error: describeError(error) });
      }
    },
  };
};
