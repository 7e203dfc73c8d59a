import { useState, type DragEvent, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_DROPPED_BYTES } from './decode.js';
import { openAndView } from './routes.js';
import { useSnapshots } from './store.js';
import { ErrorText } from '../../app/RetryError.js';

/** Open a snapshot by path (the backend reads it) or by dropping the file (this page reads it). */
export function OpenPanel() {
  const { open, openPath, lastSaved } = useSnapshots(useShallow((s) => ({ open: s.open, openPath: s.openPath, lastSaved: s.saved.result?.path ?? '' })));
  const [path, setPath] = useState(lastSaved);
  const [dragging, setDragging] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void openAndView(openPath(path));
  };
  // The drop itself is handled for the whole window (global-input.ts); this box only shows where to drop.
  const over = (event: DragEvent): void => {
    if ([...event.dataTransfer.types].includes('Files')) setDragging(true);
  };

  return (
    <div className="snapshot-open">
      <section className="card" data-testid="snapshot-open">
        <h2>Open a snapshot file</h2>
        <form className="snapshot-form" onSubmit={submit}>
          <label className="snapshot-field">
            <span>Path of the file</span>
            <input
              className="mono"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/home/you/Downloads/triage-host-20260126-141500.triage.json.gz"
              spellCheck={false}
              data-testid="snapshot-open-path"
            />
          </label>
          <div className="controls">
            <button type="submit" className="button primary" disabled={open.phase === 'busy'} data-testid="snapshot-open-submit">
              {open.phase === 'busy' ? 'Opening…' : 'Open'}
            </button>
          </div>
        </form>
        <div
          className={dragging ? 'snapshot-drop dragging' : 'snapshot-drop'}
          onDragOver={over}
          onDragEnter={over}
          onDragLeave={() => setDragging(false)}
          onDrop={() => setDragging(false)}
          data-testid="snapshot-drop"
        >
          <strong>Or drop the file anywhere on this window.</strong>
          <span className="muted">
            It is read here, in the page, and nothing is uploaded. Files up to {Math.round(MAX_DROPPED_BYTES / 1024 / 1024)} MB; open larger ones by path.
          </span>
        </div>
        <ErrorText error={open.error} testId="snapshot-open-error" />
        {open.phase === 'busy' ? <p className="muted">Reading and checking the snapshot…</p> : null}
      </section>
      <p className="muted small">
        A snapshot is treated as untrusted: Triage checks its format and version, validates every part, and shows its text as text only.
      </p>
    </div>
  );
}
