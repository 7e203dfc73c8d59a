import { useRef } from 'react';
import { useCanAct } from '../../client/index.js';
import { useShallow } from 'zustand/react/shallow';
import { Segmented } from '../../app/Segmented.js';
import type { RecipeInfo } from '../../../native-bridge/contract/index.js';
import { parseArgumentsField, quoteForDisplay } from './argv.js';
import { estimateTerminalSize } from './display.js';
import { useTrace } from './store.js';

/** Terminal box height on the session page (../terminal/terminal.css keeps the same number). */
export const TERMINAL_HEIGHT_PX = 360;

function recipeFits(recipe: RecipeInfo, mode: 'launch' | 'attach'): boolean {
  return recipe.mode === 'either' || recipe.mode === mode;
}

function ArgvPreview({ program, argsText }: { program: string; argsText: string }) {
  const parsed = parseArgumentsField(argsText);
  if (!parsed.ok) {
    return (
      <p className="trace-argv error-text" data-testid="trace-argv-error">
        {parsed.error}
      </p>
    );
  }
  if (program.trim() === '') return null;
  const argv = [program.trim(), ...parsed.value];
  return (
    <div className="trace-argv" data-testid="trace-argv-preview">
      <span className="muted small">Will run, as {argv.length === 1 ? 'one word' : `${argv.length} separate words`} (no shell):</span>
      <span className="argv-chips">
        {argv.map((word, i) => (
          <code key={i} className={i === 0 ? 'argv-chip program' : 'argv-chip'} title={word}>
            {word === '' ? '(empty)' : word}
          </code>
        ))}
      </span>
      <span className="sr-only">{quoteForDisplay(argv)}</span>
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
      <div className="recipe-grid" role="radiogroup" aria-label="Trace preset">
        {recipes.map((recipe) => (
          <button
            key={recipe.id}
            type="button"
            role="radio"
            aria-checked={recipe.id === form.recipe}
            className={recipe.id === form.recipe ? 'recipe active' : 'recipe'}
            data-testid={`trace-recipe-${recipe.id}`}
            onClick={() => chooseRecipe(recipe.id)}
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

      {form.mode === 'launch' ? (
        <div className="trace-fields">
          <label className="field">
            <span>Program</span>
            <input
              type="text"
              value={form.program}
              placeholder="ls, python3, /opt/app/bin/app"
              spellCheck={false}
              autoComplete="off"
              data-testid="trace-program"
              onChange={(event) => setForm({ program: event.target.value })}
            />
          </label>
          <label className="field">
            <span>
              Arguments <span className="muted small">one line is split like a shell would (quotes work); several lines are one argument each</span>
            </span>
            <textarea
              rows={2}
              value={form.argsText}
              spellCheck={false}
              placeholder="--config ~/.config/app.toml"
              data-testid="trace-args"
              onChange={(event) => setForm({ argsText: event.target.value })}
            />
          </label>
          <ArgvPreview program={form.program} argsText={form.argsText} />
          <div className="trace-field-pair">
            <label className="field">
              <span>
                Working directory <span className="muted small">optional</span>
              </span>
              <input
                type="text"
                value={form.cwd}
                placeholder="where Triage was started"
                spellCheck={false}
                data-testid="trace-cwd"
                onChange={(event) => setForm({ cwd: event.target.value })}
              />
            </label>
            <label className="field">
              <span>
                Extra environment <span className="muted small">NAME=value, one per line</span>
              </span>
              <textarea
                rows={2}
                value={form.envText}
                spellCheck={false}
                placeholder="LANG=C"
                data-testid="trace-env"
                onChange={(event) => setForm({ envText: event.target.value })}
              />
            </label>
          </div>
        </div>
      ) : (
        <div className="trace-fields">
          <label className="field narrow">
            <span>Process id</span>
            <input
              type="text"
              inputMode="numeric"
              value={form.pidText}
              placeholder="1234"
              data-testid="trace-pid"
              onChange={(event) => setForm({ pidText: event.target.value })}
            />
          </label>
          <p className="muted small">
            Triage follows its threads and children and detaches when you stop; the process keeps running. Most desktops only let a
            program trace its own children (kernel.yama.ptrace_scope = 1): if attaching is refused, start the program from here instead.
          </p>
        </div>
      )}

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
