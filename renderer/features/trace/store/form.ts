import type { RecipeId, RecipeInfo, StartInput } from '../../../../native-bridge/contract/index.js';
import { describeError } from '../../../client/index.js';
import { parseArgumentsField, parseEnvField, parsePidField } from '../argv.js';
import type { TraceSlice } from '../store.js';

export interface TraceForm {
  mode: 'launch' | 'attach';
  recipe: RecipeId;
  program: string;
  /** One argument per line, or one line split like a shell would (never run by one). */
  argsText: string;
  cwd: string;
  /** NAME=value per line. */
  envText: string;
  pidText: string;
}

/** The form slice: what to trace and with which recipe, before a session exists. */
export interface FormState {
  recipes: readonly RecipeInfo[];
  form: TraceForm;
  /** What is wrong with the form, one sentence, or null. */
  formError: string | null;

  loadRecipes(): Promise<void>;
  setForm(patch: Partial<TraceForm>): void;
  chooseRecipe(id: RecipeId): void;
}

const INITIAL_FORM: TraceForm = { mode: 'launch', recipe: 'fails-silently', program: '', argsText: '', cwd: '', envText: '', pidText: '' };

/** The start request the form describes, or one sentence saying what to fix. */
export function startRequest(form: TraceForm, size: { cols: number; rows: number }): { ok: true; input: StartInput } | { ok: false; error: string } {
  if (form.mode === 'attach') {
    const pid = parsePidField(form.pidText);
    if (!pid.ok) return pid;
    return { ok: true, input: { mode: 'attach', pid: pid.value, recipe: form.recipe } };
  }
  const program = form.program.trim();
  if (program === '') return { ok: false, error: 'Type the program to run, for example ls or /usr/bin/python3.' };
  const args = parseArgumentsField(form.argsText);
  if (!args.ok) return { ok: false, error: `Arguments: ${args.error}` };
  const env = parseEnvField(form.envText);
  if (!env.ok) return env;
  const cwd = form.cwd.trim();
  return {
    ok: true,
    input: {
      mode: 'launch',
      command: program,
      args: args.value,
      ...(cwd ? { cwd } : {}),
      ...(Object.keys(env.value).length > 0 ? { env: env.value } : {}),
      recipe: form.recipe,
      cols: size.cols,
      rows: size.rows,
    },
  };
}

export const formSlice: TraceSlice<FormState> = (set, get, deps) => ({
  recipes: [],
  form: INITIAL_FORM,
  formError: null,

  async loadRecipes() {
    if (get().recipes.length > 0) return;
    try {
      set({ recipes: await deps.clientOf().call('trace.recipes', {}) });
    } catch (error) {
      set({ error: `The trace presets could not be loaded: ${describeError(error)}` });
    }
  },

  setForm(patch) {
    set({ form: { ...get().form, ...patch }, formError: null });
  },

  chooseRecipe(id) {
    const recipe = get().recipes.find((r) => r.id === id);
    const form = get().form;
    // A recipe that only attaches switches the form to attach; one that only launches, to launch.
    const mode = recipe?.mode === 'attach' ? 'attach' : recipe?.mode === 'launch' ? 'launch' : form.mode;
    set({ form: { ...form, recipe: id, mode }, formError: null });
  },
});
