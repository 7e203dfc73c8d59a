import type { RedactOptions } from '../../../native-bridge/contract/index.js';
import { useEffect } from 'react';
import { useCanAct } from '../../client/index.js';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../../app/format.js';
import { Segmented } from '../../app/Segmented.js';
import { checkSavePath, NOTE_QUESTIONS, WINDOW_CHOICES } from './format.js';
import { EXPORT_SHORTCUT_TEXT } from './global-input.js';
import { HtmlResult } from './HtmlResult.js';
import { PreviewView } from './PreviewView.js';
import { openAndView } from './routes.js';
import { notesOf, useSnapshots, type SnapshotState } from './store.js';
import { ErrorText } from '../../app/RetryError.js';

const REDACT_CHOICES: ReadonlyArray<{ key: keyof RedactOptions; label: string; hint: string }> = [
  { key: 'secrets', label: 'Secrets', hint: 'passwords, tokens, keys and Authorization headers in command lines, environments and traces (recommended)' },
  { key: 'host', label: 'Host name', hint: 'this machine’s name' },
  { key: 'users', label: 'User names', hint: 'names of people seen in the process table and the audit log' },
  { key: 'homes', label: 'Home folder paths', hint: '/home/NAME and /root' },
];

/** Waits this long after the last change of window or redaction before asking for a new preview. */
const PREVIEW_DEBOUNCE_MS = 300;

function Options() {
  const { form, setWindow, setRedact } = useSnapshots(useShallow((s) => ({ form: s.form, setWindow: s.setWindow, setRedact: s.setRedact })));
  return (
    <section className="card" data-testid="snapshot-options">
      <h2>1. What to include</h2>
      <div className="snapshot-row">
        <span className="snapshot-row-label">Time window</span>
        <Segmented
          label="Time window"
          value={form.windowMs}
          onSelect={setWindow}
          options={WINDOW_CHOICES.map((w) => ({ value: w.ms, label: w.label, testId: `snapshot-window-${w.ms / 60_000}` }))}
        />
        <span className="muted small">of what Triage has kept since it started.</span>
      </div>
      <fieldset className="snapshot-redact">
        <legend className="snapshot-row-label">Redact before saving</legend>
        {REDACT_CHOICES.map((c) => (
          <label key={c.key} className="snapshot-check">
            <input type="checkbox" checked={form.redact[c.key]} onChange={(e) => setRedact(c.key, e.target.checked)} data-testid={`snapshot-redact-${c.key}`} />
            <span>
              <strong>{c.label}</strong> <span className="muted small">{c.hint}</span>
            </span>
          </label>
        ))}
        {!form.redact.secrets ? (
          <p className="snapshot-warning" data-testid="snapshot-secrets-off">
            Secrets will be saved as they are. Anyone who gets the file can read them.
          </p>
        ) : null}
      </fieldset>
    </section>
  );
}

function Notes() {
  const { notes, setNote } = useSnapshots(useShallow((s) => ({ notes: s.form.notes, setNote: s.setNote })));
  return (
    <section className="card" data-testid="snapshot-notes-form">
      <h2>2. Describe the problem</h2>
      <p className="muted small">Whoever opens the file reads this first. Short answers are fine; leave out what you do not know.</p>
      <div className="snapshot-notes-grid">
        {NOTE_QUESTIONS.map((q) => (
          <label key={q.key} className="snapshot-field">
            <span>{q.label}</span>
            <textarea
              rows={q.key === 'steps' ? 4 : 2}
              value={notes[q.key]}
              placeholder={q.placeholder}
              maxLength={20_000}
              onChange={(e) => setNote(q.key, e.target.value)}
              data-testid={`snapshot-note-input-${q.key}`}
            />
          </label>
        ))}
      </div>
    </section>
  );
}

function Preview() {
  const { preview, current, loadPreview, windowMs, redact, notesAnswered } = useSnapshots(
    useShallow((s) => ({
      preview: s.preview,
      current: s.previewIsCurrent(),
      loadPreview: s.loadPreview,
      windowMs: s.form.windowMs,
      redact: s.form.redact,
      notesAnswered: Object.keys(notesOf(s.form.notes)).length,
    })),
  );
  // A fresh preview whenever what would be captured or redacted changes (not for notes: they change neither).
  useEffect(() => {
    const timer = setTimeout(() => void loadPreview(), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [loadPreview, windowMs, redact]);
  return (
    <section className="card" data-testid="snapshot-preview-card" aria-busy={preview.phase === 'busy'}>
      <header className="chart-head">
        <h2>3. Preview</h2>
        <span className="muted small" data-testid="snapshot-preview-status">
          {preview.phase === 'busy' ? 'Collecting…' : current ? 'Up to date. Nothing is saved yet.' : preview.phase === 'error' ? '' : 'Out of date'}
        </span>
        <button type="button" className="button small" onClick={() => void loadPreview()} disabled={preview.phase === 'busy'} data-testid="snapshot-preview-refresh">
          Refresh
        </button>
      </header>
      <ErrorText error={preview.error} testId="snapshot-preview-error" />
      {preview.result ? <PreviewView preview={preview.result} notesAnswered={notesAnswered} /> : preview.phase === 'busy' ? <p className="muted">Collecting what the snapshot would hold…</p> : null}
    </section>
  );
}

/** Where the snapshot went, and what to do with it next (an HTML report, or open it here). */
function SavedResult({ result }: { result: NonNullable<SnapshotState['saved']['result']> }) {
  const { writeHtml, openPath, html } = useSnapshots(useShallow((s) => ({ writeHtml: s.writeHtml, openPath: s.openPath, html: s.html })));
  return (
    <div className="snapshot-saved" data-testid="snapshot-saved">
      <p>
        Saved {formatBytes(result.bytes)} to <span className="mono" data-testid="snapshot-saved-path">{result.path}</span>
        {result.redaction.total > 0 ? ` with ${result.redaction.total} replacement${result.redaction.total === 1 ? '' : 's'}` : ''}. Send this
        file; it opens in Triage on any machine.
      </p>
      <div className="controls">
        <button type="button" className="button" disabled={html.phase === 'busy'} onClick={() => void writeHtml(result.path)} data-testid="snapshot-html-button">
          {html.phase === 'busy' ? 'Writing HTML report…' : 'Also write an HTML report'}
        </button>
        <button type="button" className="button" onClick={() => void openAndView(openPath(result.path))} data-testid="snapshot-saved-open">
          Open it here
        </button>
      </div>
      {html.of === result.path ? <HtmlResult /> : null}
    </div>
  );
}

function Save() {
  // Disconnected: nothing can be sent, so nothing may be started (the header says why).
  const canAct = useCanAct();
  const { path, setPath, save, saved, current } = useSnapshots(
    useShallow((s) => ({ path: s.form.path, setPath: s.setPath, save: s.save, saved: s.saved, current: s.previewIsCurrent() })),
  );
  const pathError = checkSavePath(path).error;
  return (
    <section className="card" data-testid="snapshot-save">
      <h2>4. Save</h2>
      <label className="snapshot-field">
        <span>
          Save as <span className="muted">(optional)</span>
        </span>
        <input
          className="mono"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="Leave empty: Triage saves it in its own snapshots folder"
          spellCheck={false}
          data-testid="snapshot-save-path"
        />
      </label>
      <p className="muted small">A full path such as /tmp/incident.triage.json.gz. Triage never replaces an existing file: if the name is taken, choose another.</p>
      {path.trim() !== '' && pathError ? (
        <p className="snapshot-warning" data-testid="snapshot-save-path-error">
          {pathError}
        </p>
      ) : null}
      <div className="controls">
        <button
          type="button"
          className="button primary"
          disabled={!canAct || !current || saved.phase === 'busy' || pathError !== null}
          onClick={() => void save()}
          data-testid="snapshot-save-button"
          title={current ? undefined : 'Wait for the preview first: it shows what will be saved.'}
        >
          {saved.phase === 'busy' ? 'Saving…' : 'Save snapshot'}
        </button>
        {!current ? <span className="muted small">The button works once the preview above is up to date.</span> : null}
      </div>
      <ErrorText error={saved.error} testId="snapshot-save-error" />
      {saved.phase === 'done' && saved.result ? <SavedResult result={saved.result} /> : null}
    </section>
  );
}

export function ExportPanel() {
  return (
    <div className="snapshot-export" data-testid="snapshot-export">
      <p className="muted">
        Capture what this machine looks like into one file to send to whoever helps you. Shortcut from any page: <kbd>{EXPORT_SHORTCUT_TEXT}</kbd>.
      </p>
      <Options />
      <Notes />
      <Preview />
      <Save />
    </div>
  );
}
