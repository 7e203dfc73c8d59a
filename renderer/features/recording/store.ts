import { create } from 'zustand';
import type { ExporterChoice, RecordingStatus } from '../../../native-bridge/contract/recording.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';

/** Which change waits for the user's confirmation (its plan is on screen). */
export type Pending = { kind: 'install' } | { kind: 'uninstall' } | { kind: 'exporter'; choice: ExporterChoice };

export interface RecordingState {
  status: RecordingStatus | null;
  /** Why the status could not be read; null when it could. */
  statusError: string | null;
  pending: Pending | null;
  busy: boolean;
  /** What the last change did, in sentences. */
  result: string[] | null;
  /** Why the last change failed, in one sentence. */
  error: string | null;
  load(): Promise<void>;
  /** Shows a change's plan; nothing is written until confirm(). */
  ask(pending: Pending): void;
  cancel(): void;
  confirm(): Promise<void>;
}

export function createRecordingStore(clientOf: () => TriageClient = getClient) {
  return create<RecordingState>()((set, get) => ({
    status: null,
    statusError: null,
    pending: null,
    busy: false,
    result: null,
    error: null,

    async load() {
      try {
        set({ status: await clientOf().call('recording.status', {}), statusError: null });
      } catch (error) {
        set({ statusError: `The recording status could not be read: ${describeError(error)}` });
      }
    },

    ask(pending) {
      set({ pending, result: null, error: null });
    },

    cancel() {
      set({ pending: null });
    },

    async confirm() {
      const { pending, busy } = get();
      if (!pending || busy) return;
      set({ busy: true, error: null, result: null });
      const client = clientOf();
      try {
        if (pending.kind === 'exporter') {
          const exporter = await client.call('recording.setExporter', pending.choice);
          const status = get().status;
          set({
            pending: null,
            status: status ? { ...status, exporter } : status,
            result: [exporter.on ? `Serving metrics at ${exporter.url}.` : 'Stopped serving metrics.', ...(exporter.problem ? [exporter.problem] : [])],
          });
        } else {
          const done = await client.call(pending.kind === 'install' ? 'recording.installAutostart' : 'recording.uninstallAutostart', {});
          set({ pending: null, status: done.status, result: done.lines });
        }
      } catch (error) {
        // The plan stays on screen: the user can correct the address or the file and confirm again.
        set({ error: describeError(error) });
      } finally {
        set({ busy: false });
      }
    },
  }));
}

export const useRecording = createRecordingStore();
