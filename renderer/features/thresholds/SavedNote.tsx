import { hrefFor } from '../../app/router.js';
import { FIGURE_LABELS } from './model.js';
import { useThresholds } from './store.js';

/** After a save: what changed, where it was written, that it was audited, and where to see the new judgement. */
export function SavedNote() {
  const saved = useThresholds((s) => s.saved);
  if (!saved) return null;
  return (
    <div className="card threshold-saved" role="status" data-testid="thresholds-saved">
      <p>
        Saved {saved.changes.length === 1 ? '1 change' : `${saved.changes.length} changes`} to <span className="mono">{saved.file}</span> and
        recorded {saved.changes.length === 1 ? 'it' : 'them'} in the audit log. The findings are judged with the new figures now:{' '}
        <a href={hrefFor('findings')}>see the Findings</a>.
      </p>
      <ul>
        {saved.changes.map((line) => (
          <li key={`${line.rule}.${line.figure}`}>
            {line.title}, {FIGURE_LABELS[line.figure].toLowerCase()}: {line.from} → {line.to}
          </li>
        ))}
      </ul>
      {saved.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}
