import type { SnapshotNotes } from '../../../../native-bridge/contract/index.js';
import { NOTE_QUESTIONS } from '../format.js';

/** The user's own words, as plain text (line breaks kept). */
export function NotesPart({ notes }: { notes: SnapshotNotes | undefined }) {
  const answered = NOTE_QUESTIONS.filter((q) => (notes?.[q.key] ?? '').trim() !== '');
  return (
    <section className="card snapshot-notes" data-testid="snapshot-notes">
      <h2>The user's notes</h2>
      {!notes ? (
        <p className="muted" data-testid="snapshot-absent-notes">
          Notes are not in this snapshot.
        </p>
      ) : answered.length === 0 ? (
        <p className="muted">The notes were left empty.</p>
      ) : (
        <dl className="snapshot-notes-list">
          {answered.map((q) => (
            <div key={q.key}>
              <dt>{q.label}</dt>
              <dd data-testid={`snapshot-note-${q.key}`}>{notes[q.key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
