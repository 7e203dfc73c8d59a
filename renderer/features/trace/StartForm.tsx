import { useRef } from 'react';
import { useCanAct } from '../../client/index.js';
import { useShallow } from 'zustand/react/shallow';
import { Segmented } from '../../app/Segmented.js';
import type { RecipeId, RecipeInfo } from '../../../native-bridge/contract/index.js';
import { estimateTerminalSize } from './display.js';
import { useTrace, type TraceForm } from './store.js';
import { AttachFields, LaunchFields } from './TargetFields.js';

/** Terminal box height on the session page (../terminal/terminal.css keeps the same number). */
export const TERMINAL_HEIGHT_PX = 360;

function recipeFits(recipe: RecipeInfo, mode: 'launch' | 'attach'): boolean {
  return recipe.mode === 'either' || recipe.mode === mode;
}

function RecipeGrid({ recipes, chosen, choose }: { recipes: readonly RecipeInfo[]; chosen: RecipeId; choose: (id: RecipeId) => void }) {
  return (
    <div className="recipe-grid" role="radiogroup" aria-label="Trace preset">
      {recipes.map((recipe) => (
        <button
          key={recipe.id}
          type="button"
          role="radio"
          aria-checked={recipe.id === chosen}
          className={recipe.id === chosen ? 'recipe active' : 'recipe'}
          data-testid={`trace-recipe-${recipe.id}`}
          onClick={() => choose(recipe.id)}
        >
          <span className="recipe-title">{recipe.title}</span>
          <span className="recipe-desc">{recipe.description}</span>
          <span className="recipe-meta">
            {recipe.tool}
            {recipe.mode === 'attach' ? ' · running process' : ''}
          </span>
        </button>
      ))}
    </div>
  );
}

interface HowToTraceProps {
  form: TraceForm;
  selected: RecipeInfo | undefined;
  tool: RecipeInfo['tool'];
  setForm: (patch: Partial<TraceForm>) => void;
  chooseRecipe: (id: RecipeId) => void;
}

/** Launch or attach, strace or ltrace: each switch moves to a preset that fits it. */
function HowToTraceRow({ form, selected, tool, setForm, chooseRecipe }: HowToTraceProps) {
  return (
    <div className="trace-form-row">
      <Segmented
        label="How to trace"
        value={form.mode}
        onSelect={(mode) => {
          // Keep the preset when it fits the new mode; otherwise fall back to the general one.
          if (selected && !recipeFits(selected, mode)) chooseRecipe(mode === 'attach' ? 'waiting' : 'fails-silently');
          setForm({ mode });
        }}
        options={(['launch', 'attach'] as const).map((mode) => ({
          value: mode,
          label: mode === 'launch' ? 'Start a program' : 'Attach to a running process',
          testId: `trace-mode-${mode}`,
        }))}
      />
      <Segmented
        label="Tracer"
        value={tool}
        onSelect={(name) => {
          if (name === tool) return;
          chooseRecipe(name === 'ltrace' ? 'library-calls' : form.mode === 'attach' ? 'waiting' : 'fails-silently');
        }}
        options={(['strace', 'ltrace'] as const).map((name) => ({
          value: name,
          label: name === 'strace' ? 'strace · system calls' : 'ltrace · library calls',
          testId: `trace-tool-${name}`,
        }))}
      />
    </div>
  );
}

export function StartForm() {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const { recipes, form, formError, phase, setForm, chooseRecipe, start } = useTrace(
    useShallow((s) => ({
      recipes: s.recipes,
      form: s.form,
      formError: s.formError,
      phase: s.phase,
      setForm: s.setForm,
      chooseRecipe: s.chooseRecipe,
      start: s.start,
    })),
  );
  const boxRef = useRef<HTMLFormElement | null>(null);
  const selected = recipes.find((r) => r.id === form.recipe);
  const tool = selected?.tool ?? 'strace';
  const starting = phase === 'starting';

  const submit = () => {
    const width = boxRef.current?.getBoundingClientRect().width ?? 900;
    void start(estimateTerminalSize(width, TERMINAL_HEIGHT_PX));
  };

  return (
    <form
      className="card trace-form"
      ref={boxRef}
      data-testid="trace-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h2>What do you want to find out?</h2>
      <RecipeGrid recipes={recipes} chosen={form.recipe} choose={chooseRecipe} />
      <HowToTraceRow form={form} selected={selected} tool={tool} setForm={setForm} chooseRecipe={chooseRecipe} />
      {form.mode === 'launch' ? <LaunchFields form={form} setForm={setForm} /> : <AttachFields form={form} setForm={setForm} />}

      {formError ? (
        <div className="error-box" role="alert" data-testid="trace-form-error">
          {formError}
        </div>
      ) : null}
      <div className="trace-form-actions">
        <button type="submit" className="button primary" disabled={!canAct || starting || recipes.length === 0} data-testid="trace-start">
          {starting ? 'Starting…' : form.mode === 'launch' ? 'Start and trace' : 'Attach and trace'}
        </button>
        {selected ? <span className="muted small">{selected.description}</span> : null}
      </div>
    </form>
  );
}
