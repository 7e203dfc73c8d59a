import { useState, type DragEvent, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCore } from './store.js';

/** Open a core by its path. A dropped file only tells a web page its name, so the path field is the way. */
export function OpenCore() {
  const { analysis, ref, openCore } = useCore(useShallow((s) => ({ analysis: s.analysis, ref: s.ref, openCore: s.openCore })));
  const [path, setPath] = useState(ref?.kind === 'core' ? ref.path : '');
  const [exe, setExe] = useState(ref?.kind === 'core' ? (ref.exe ?? '') : '');
  const [dropped, setDropped] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void openCore(path, exe);
  };
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const name = event.dataTransfer.files[0]?.name ?? null;
    setDropped(name);
  };

  return (
    <section className="card core-open" data-testid="core-open">
      <h2>Open a core</h2>
      <form className="core-form" onSubmit={submit}>
        <label className="core-field">
          <span>Core file</span>
          <input className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/project/core.12345" spellCheck={false} data-testid="core-open-path" />
        </label>
        <label className="core-field">
          <span>
            Program that crashed <span className="muted">(optional: found from the core when it is still on disk)</span>
          </span>
          <input className="mono" value={exe} onChange={(e) => setExe(e.target.value)} placeholder="/home/you/project/build/myprogram" spellCheck={false} data-testid="core-open-exe" />
        </label>
        <div className="controls">
          <button type="submit" className="button primary" disabled={analysis.phase === 'loading'} data-testid="core-open-submit">
            {analysis.phase === 'loading' && ref?.kind === 'core' ? 'Opening…' : 'Open'}
          </button>
        </div>
      </form>
      <div
        className={dragging ? 'core-drop dragging' : 'core-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="core-drop"
      >
        {dropped ? (
          <span data-testid="core-drop-note">
            The browser tells Triage only the dropped file's name (<span className="mono">{dropped}</span>), not which folder it is in. Type or paste its full path
            above instead.
          </span>
        ) : (
          <span className="muted">
            Dropping a file here gives Triage only its name, not where it is: a web page never learns file paths. Type or paste the full path above.
          </span>
        )}
      </div>
    </section>
  );
}
