import { create } from 'zustand';
import { readThresholdRefusals, type ThresholdRefusal, type ThresholdsReport } from '../../../native-bridge/contract/index.js';
import type { RuleId } from '../../../native-bridge/contract/findings.js';
import { describeError, errorCode, getClient, type TriageClient } from '../../client/index.js';
import { isOverridden, planSave, type Drafts, type PendingChange, type SavePlan, type ThresholdFigure } from './model.js';

/** Where a sentence about one field goes: "<rule>.<figure>", or "<rule>" for the rule as a whole. */
export type FieldKey = `${RuleId}.${ThresholdFigure}` | RuleId;

export const fieldKey = (rule: RuleId, figure: ThresholdFigure | null): FieldKey => (figure ? `${rule}.${figure}` : rule);

export interface SavedNote {
  /** What changed, as the confirmation listed it. */
  changes: PendingChange[];
  file: string;
  /** What the backend added (an unusable file moved aside, …). */
  notes: string[];
}

export interface ThresholdsState {
  report: ThresholdsReport | null;
  loading: boolean;
  loadError: string | null;
  drafts: Drafts;
  /** Sentences by field: a typing problem, or the backend's reason for refusing it. */
  fieldProblems: Partial<Record<FieldKey, string>>;
  /** Why nothing was saved, when the reason belongs to no one field (disk full, disconnected, …). */
  saveError: string | null;
  /** Set while the user is asked to confirm: exactly what will be sent. */
  confirming: SavePlan | null;
  saving: boolean;
  saved: SavedNote | null;
  /** Counts saves that came back with figures to fix, so the page can take the user to the first one each time. */
  refusals: number;
  load(): Promise<void>;
  edit(rule: RuleId, figure: ThresholdFigure, text: string): void;
  resetFigure(rule: RuleId, figure: ThresholdFigure): void;
  resetRule(rule: RuleId): void;
  resetAll(): void;
  discard(): void;
  /** Checks the typing and asks for confirmation; says so when there is nothing to save. */
  requestSave(): void;
  cancelSave(): void;
  /** Sends the one findings.setThresholds call the confirmation showed. */
  confirmSave(): Promise<void>;
}

/** The field a reason belongs by: a figure it names that this save changed (the one the user will fix), else the first it names. */
function refusedFigure(refusal: ThresholdRefusal, plan: SavePlan): ThresholdFigure | null {
  const changed = plan.changes[refusal.rule] ?? {};
  return refusal.figures.find((figure) => changed[figure] !== undefined) ?? refusal.figures[0] ?? null;
}

const NOTHING_TO_SAVE = 'Nothing to save: no figure differs from what Triage uses now.';

type FieldProblems = ThresholdsState['fieldProblems'];

/** The drafts with one figure of one rule set to text (typed) or null (back to its default). */
function withFigure(drafts: Drafts, rule: RuleId, figure: ThresholdFigure, value: string | null): Drafts {
  const draft = drafts[rule] ?? { figures: {} };
  return { ...drafts, [rule]: { ...draft, figures: { ...draft.figures, [figure]: value } } };
}

const withoutRule = (problems: FieldProblems, rule: RuleId): FieldProblems =>
  Object.fromEntries(Object.entries(problems).filter(([key]) => key !== rule && !key.startsWith(`${rule}.`)));

/** What a failed save leaves: the backend's reasons by field when it refused figures, else one sentence. */
function failedSave(error: unknown, plan: SavePlan): Pick<ThresholdsState, 'fieldProblems' | 'saveError'> & { refused: boolean } {
  const message = describeError(error);
  const refusals = errorCode(error) === 'INVALID_INPUT' ? readThresholdRefusals(message) : [];
  const fieldProblems: FieldProblems = Object.fromEntries(refusals.map((r) => [fieldKey(r.rule, refusedFigure(r, plan)), r.sentence]));
  const refused = refusals.length > 0;
  return { fieldProblems, refused, saveError: refused ? 'Nothing was saved: the backend refused the figures marked below.' : `Nothing was saved: ${message}` };
}

export function createThresholdsStore(clientOf: () => TriageClient = getClient) {
  return create<ThresholdsState>()((set, get) => {
    /** A change clears that rule's old sentences and the last "saved" note: they described another state. */
    const touched = (rule: RuleId, drafts: Drafts): void => {
      set({ drafts, fieldProblems: withoutRule(get().fieldProblems, rule), saveError: null, saved: null });
    };
    return {
      report: null,
      loading: false,
      loadError: null,
      drafts: {},
      fieldProblems: {},
      saveError: null,
      confirming: null,
      saving: false,
      saved: null,
      refusals: 0,
      async load() {
        set({ loading: true });
        try {
          const report = await clientOf().call('findings.thresholds', {});
          set({ report, loading: false, loadError: null });
        } catch (error) {
          set({ loading: false, loadError: `The thresholds could not be read: ${describeError(error)}` });
        }
      },
      edit: (rule, figure, text) => touched(rule, withFigure(get().drafts, rule, figure, text)),
      resetFigure: (rule, figure) => touched(rule, withFigure(get().drafts, rule, figure, null)),
      resetRule(rule) {
        touched(rule, { ...get().drafts, [rule]: { reset: true, figures: {} } });
      },
      resetAll() {
        const drafts: Drafts = {};
        for (const row of get().report?.rules ?? []) if (isOverridden(row)) drafts[row.rule] = { reset: true, figures: {} };
        set({ drafts, fieldProblems: {}, saveError: null, saved: null });
      },
      discard() {
        set({ drafts: {}, fieldProblems: {}, saveError: null });
      },
      requestSave() {
        const { report, drafts } = get();
        if (!report) return;
        const plan = planSave(report, drafts);
        if (plan.typing.length > 0) {
          const fieldProblems: FieldProblems = Object.fromEntries(plan.typing.map((t) => [fieldKey(t.rule, t.figure), t.problem]));
          set({ fieldProblems, saveError: 'Nothing was saved: some figures are not numbers (marked below).', refusals: get().refusals + 1 });
          return;
        }
        if (Object.keys(plan.changes).length === 0) {
          set({ saveError: NOTHING_TO_SAVE, fieldProblems: {} });
          return;
        }
        set({ confirming: plan, fieldProblems: {}, saveError: null, saved: null });
      },
      cancelSave() {
        set({ confirming: null });
      },
      async confirmSave() {
        const plan = get().confirming;
        if (!plan || get().saving) return;
        set({ saving: true });
        try {
          const report = await clientOf().call('findings.setThresholds', { changes: plan.changes });
          set({ report, drafts: {}, confirming: null, saving: false, saved: { changes: plan.pending, file: report.file, notes: report.problems } });
        } catch (error) {
          // Refused or not written: nothing changed, so the drafts stay for the user to fix.
          const { fieldProblems, saveError, refused } = failedSave(error, plan);
          set({ confirming: null, saving: false, fieldProblems, saveError, refusals: get().refusals + (refused ? 1 : 0) });
        }
      },
    };
  });
}

export const useThresholds = createThresholdsStore();
