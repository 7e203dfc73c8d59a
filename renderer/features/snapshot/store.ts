import { create, type StoreApi } from 'zustand';
import type { OpenedSnapshot, RedactionSummary, RedactOptions, SnapshotNotes, SnapshotPreview } from '../../../native-bridge/contract/index.js';
import { describeError, getClient, type TriageClient } from '../../client/index.js';
import { decodeSnapshotBlob, type DecodeLimits } from './decode.js';
import { checkSavePath, DEFAULT_WINDOW_MS, type NoteKey } from './format.js';

export interface ExportForm {
  windowMs: number;
  notes: Record<NoteKey, string>;
  redact: RedactOptions;
  /** What the user typed; empty lets the backend pick a file in Triage's private snapshots folder. */
  path: string;
}

/** A call's progress: `error` is one sentence for the person at the screen. */
export interface Step<T> {
  phase: 'idle' | 'busy' | 'done' | 'error';
  result: T | null;
  error: string | null;
}

/** A snapshot shown in the viewer, from a path (read by the backend) or a dropped file (read by the page). */
export interface OpenedView {
  source: 'path' | 'drop';
  /** The path, or the dropped file's name. */
  label: string;
  /** Known only when opened by path (a browser never tells a page where a dropped file is). */
  path: string | null;
  bytes: number;
  snapshot: OpenedSnapshot['snapshot'];
  problems: string[];
}

export interface SnapshotState {
  form: ExportForm;
  preview: Step<SnapshotPreview> & { key: string | null };
  saved: Step<{ path: string; bytes: number; redaction: RedactionSummary }>;
  /** The HTML report last written (of the saved or the opened snapshot). */
  html: Step<{ path: string; bytes: number }> & { of: string | null };
  open: Step<null>;
  opened: OpenedView | null;

  setWindow(ms: number): void;
  setNote(key: NoteKey, text: string): void;
  setRedact(key: keyof RedactOptions, on: boolean): void;
  setPath(path: string): void;
  /** Whether the preview on screen matches the chosen window and redaction (saving needs a current one). */
  previewIsCurrent(): boolean;
  loadPreview(): Promise<void>;
  save(): Promise<void>;
  writeHtml(snapshotPath: string): Promise<void>;
  openPath(path: string): Promise<boolean>;
  openFile(file: Blob, name: string): Promise<boolean>;
  close(): void;
}

const idle = <T>(): Step<T> => ({ phase: 'idle', result: null, error: null });

/** A call's outcome as a finished Step: its result, or one sentence saying why there is none. */
async function settled<T>(request: () => Promise<T>): Promise<Step<T>> {
  try {
    return { phase: 'done', result: await request(), error: null };
  } catch (error) {
    return { phase: 'error', result: null, error: describeError(error) };
  }
}

export const EMPTY_NOTES: Record<NoteKey, string> = { tryingToDo: '', steps: '', expected: '', actual: '' };

/** Preview input: notes do not change what is captured or redacted, so they never make a preview stale. */
const previewKey = (form: ExportForm): string => JSON.stringify([form.windowMs, form.redact]);

/** Notes as the contract takes them: blank answers left out. */
export function notesOf(notes: Record<NoteKey, string>): SnapshotNotes {
  const out: SnapshotNotes = {};
  for (const [key, text] of Object.entries(notes) as [NoteKey, string][]) if (text.trim() !== '') out[key] = text;
  return out;
}

type OpenActions = Pick<SnapshotState, 'openPath' | 'openFile' | 'close'>;

/** Opening a snapshot into the viewer: by path (the backend reads it) or a dropped file (decoded here). */
function openActions(set: StoreApi<SnapshotState>['setState'], clientOf: () => TriageClient, dropLimits: DecodeLimits): OpenActions {
  // A new snapshot on screen makes the last HTML report about another one.
  const show = (opened: OpenedView): true => {
    set({ open: idle(), opened, html: { ...idle(), of: null } });
    return true;
  };
  const refuse = (error: string): false => {
    set({ open: { phase: 'error', result: null, error } });
    return false;
  };
  return {
    async openPath(text) {
      const path = text.trim();
      if (!path.startsWith('/')) return refuse('Type the full path of the snapshot file, starting with /.');
      set({ open: { phase: 'busy', result: null, error: null } });
      try {
        const opened = await clientOf().call('snapshot.open', { path });
        return show({ source: 'path', label: opened.path, path: opened.path, bytes: opened.bytes, snapshot: opened.snapshot, problems: opened.problems });
      } catch (error) {
        return refuse(describeError(error));
      }
    },

    async openFile(file, name) {
      set({ open: { phase: 'busy', result: null, error: null } });
      try {
        const decoded = await decodeSnapshotBlob(file, name, dropLimits);
        return show({ source: 'drop', label: name, path: null, bytes: file.size, snapshot: decoded.snapshot, problems: decoded.problems });
      } catch (error) {
        return refuse(describeError(error));
      }
    },
    close: () => set({ opened: null, open: idle(), html: { ...idle(), of: null } }),
  };
}

export function createSnapshotStore(clientOf: () => TriageClient = getClient, dropLimits: DecodeLimits = {}) {
  let previewTicket = 0;
  return create<SnapshotState>()((set, get) => ({
    form: { windowMs: DEFAULT_WINDOW_MS, notes: { ...EMPTY_NOTES }, redact: { secrets: true, host: false, users: false, homes: false }, path: '' },
    preview: { ...idle(), key: null },
    saved: idle(),
    html: { ...idle(), of: null },
    open: idle(),
    opened: null,
    ...openActions(set, clientOf, dropLimits),

    setWindow: (windowMs) => set((s) => ({ form: { ...s.form, windowMs } })),
    setNote: (key, text) => set((s) => ({ form: { ...s.form, notes: { ...s.form.notes, [key]: text } } })),
    setRedact: (key, on) => set((s) => ({ form: { ...s.form, redact: { ...s.form.redact, [key]: on } } })),
    setPath: (path) => set((s) => ({ form: { ...s.form, path } })),
    previewIsCurrent: () => {
      const { preview, form } = get();
      return preview.phase === 'done' && preview.key === previewKey(form);
    },

    async loadPreview() {
      const { form } = get();
      const key = previewKey(form);
      const ticket = ++previewTicket;
      set((s) => ({ preview: { ...s.preview, phase: 'busy', error: null } }));
      try {
        const result = await clientOf().call('snapshot.preview', { windowMs: form.windowMs, redact: form.redact });
        // A newer preview was asked for meanwhile: that one's answer wins.
        if (ticket === previewTicket) set({ preview: { phase: 'done', result, error: null, key } });
      } catch (error) {
        if (ticket === previewTicket) set((s) => ({ preview: { ...s.preview, phase: 'error', error: describeError(error) } }));
      }
    },

    async save() {
      const { form } = get();
      const target = checkSavePath(form.path);
      if (target.error) {
        set({ saved: { phase: 'error', result: null, error: target.error } });
        return;
      }
      set({ saved: { phase: 'busy', result: null, error: null }, html: { ...idle(), of: null } });
      const request = { windowMs: form.windowMs, redact: form.redact, notes: notesOf(form.notes), path: target.path };
      set({ saved: await settled(() => clientOf().call('snapshot.export', request)) });
    },

    async writeHtml(snapshotPath) {
      set({ html: { phase: 'busy', result: null, error: null, of: snapshotPath } });
      const html = await settled(() => clientOf().call('snapshot.html', { path: snapshotPath }));
      set({ html: { ...html, of: snapshotPath } });
    },

  }));
}

export type SnapshotStore = ReturnType<typeof createSnapshotStore>;

export const useSnapshots: SnapshotStore = createSnapshotStore();
