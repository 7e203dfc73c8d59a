import { quoteForDisplay } from '../../app/shell-words.js';
import { parseArgumentsField } from './argv.js';
import type { TraceForm } from './store.js';

interface FieldsProps {
  form: TraceForm;
  setForm: (patch: Partial<TraceForm>) => void;
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

/** Where a launched program runs and what extra environment it gets. */
function PlaceFields({ form, setForm }: FieldsProps) {
  return (
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
  );
}

/** The program to start, its arguments (previewed as the exact argv) and where it runs. */
export function LaunchFields({ form, setForm }: FieldsProps) {
  return (
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
      <PlaceFields form={form} setForm={setForm} />
    </div>
  );
}

/** The running process to attach to, and what attaching does to it. */
export function AttachFields({ form, setForm }: FieldsProps) {
  return (
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
  );
}
