import type { ActionResult, ActionTarget, AuditEntry, ProcessAction, ProcessRow } from '../../../../native-bridge/contract/index.js';
import { describeError, type TriageClient } from '../../../client/index.js';
import type { ProcessesSlice } from '../store.js';

/** How many audit lines the log view keeps (newest last). */
const AUDIT_SHOWN = 200;

export interface PendingAction {
  request: ProcessAction;
  targets: readonly ActionTarget[];
  /** Act on init or Triage's own processes anyway (offered only after the backend refused). */
  force: boolean;
  running: boolean;
}

export interface ActionBatch {
  request: ProcessAction;
  force: boolean;
  /** One per target, in the dialog's order. */
  items: ReadonlyArray<{ target: ActionTarget; result: ActionResult }>;
}

/** The actions slice: signals, nice and the like, from the confirmation dialog to the results and the audit log. */
export interface ActionsState {
  dialog: PendingAction | null;
  lastBatch: ActionBatch | null;
  audit: readonly AuditEntry[];
  auditError: string | null;

  /** Opens the confirmation for the selected processes (or the given targets); false when there is none. */
  requestAction(request: ProcessAction, options?: { force?: boolean; targets?: readonly ActionTarget[] }): boolean;
  cancelAction(): void;
  confirmAction(): Promise<void>;
  dismissResults(): void;
  /** Runs the last batch's action on one of its targets again through pkexec (offered after EPERM); its result replaces the old one. */
  retryPrivileged(target: ActionTarget): Promise<void>;
  loadAudit(): Promise<void>;
}

export function targetOf(row: ProcessRow): ActionTarget {
  return { pid: row.pid, startTime: row.startTime, name: row.name, user: row.user, cmdline: row.cmdline };
}

/** A failed call is a result like any other, so the batch still lists every target with what happened to it. */
const unreachable = (error: unknown): ActionResult => ({
  ok: false,
  code: 'IO_ERROR',
  message: `The request did not reach the Triage backend: ${describeError(error)}`,
  target: null,
});

async function run(client: TriageClient, request: ProcessAction, target: ActionTarget, force: boolean): Promise<ActionResult> {
  const key = { pid: target.pid, startTime: target.startTime, ...(force ? { force: true } : {}) };
  try {
    return await client.call('processes.act', { ...key, action: request });
  } catch (error) {
    return unreachable(error);
  }
}

export const actionsSlice: ProcessesSlice<ActionsState> = (set, get, deps) => {
  /**
   * Each action result carries the audit line it wrote, so the log view grows without reading the log back
   * (it can be megabytes). A result without one (the log could not be written) says so in its own message.
   */
  function appendAudit(results: readonly ActionResult[]): void {
    const added = results.flatMap((r) => (r.audit ? [r.audit] : []));
    if (added.length > 0) set({ audit: [...get().audit, ...added].slice(-AUDIT_SHOWN) });
  }

  return {
    dialog: null,
    lastBatch: null,
    audit: [],
    auditError: null,

    requestAction(request, options = {}) {
      const { view, selection } = get();
      const targets = options.targets ?? view.filter((v) => selection.selected.has(v.key)).map((v) => targetOf(v.row));
      if (targets.length === 0) return false;
      set({ dialog: { request, targets, force: options.force ?? false, running: false } });
      return true;
    },

    cancelAction() {
      if (!get().dialog?.running) set({ dialog: null });
    },

    async confirmAction() {
      const dialog = get().dialog;
      if (!dialog || dialog.running) return;
      set({ dialog: { ...dialog, running: true } });
      const items: Array<{ target: ActionTarget; result: ActionResult }> = [];
      // One at a time: each gets its own guard check and audit line, in the order the dialog listed them.
      for (const target of dialog.targets) items.push({ target, result: await run(deps.clientOf(), dialog.request, target, dialog.force) });
      set({ dialog: null, lastBatch: { request: dialog.request, force: dialog.force, items } });
      appendAudit(items.map((item) => item.result));
    },

    dismissResults() {
      set({ lastBatch: null });
    },

    async retryPrivileged(target) {
      const batch = get().lastBatch;
      if (!batch) return;
      let result: ActionResult;
      try {
        result = await deps.clientOf().call('processes.retryPrivileged', { pid: target.pid, startTime: target.startTime, action: batch.request });
      } catch (error) {
        result = unreachable(error);
      }
      const current = get().lastBatch;
      // The user may have dismissed this batch or started another while the password prompt was open.
      if (current !== batch) return;
      const items = batch.items.map((item) => (item.target === target ? { target, result } : item));
      set({ lastBatch: { ...batch, items } });
      appendAudit([result]);
    },

    async loadAudit() {
      try {
        const { entries } = await deps.clientOf().call('processes.audit', { limit: AUDIT_SHOWN });
        set({ audit: entries, auditError: null });
      } catch (error) {
        set({ auditError: describeError(error) });
      }
    },
  };
};
