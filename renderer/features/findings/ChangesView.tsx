import type { ChangesList as Changes } from '../../../native-bridge/contract/changes.js';
import { formatTimestamp } from '../../../native-bridge/common/format/time.js';

const SHOWN = 50;

/** A list of changes newest first, and the sources that could not be read (their changes are unknown, not none). */
export function ChangesView({ list, error = null, heading, timeZone }: { list: Changes | null; error?: string | null; heading: string; timeZone?: string }) {
  const unread = list?.sources.filter((s) => s.status !== 'read') ?? [];
  return (
    <section className="changes" data-testid="changes">
      <h2>{heading}</h2>
      {error && <p className="error-text">{error}</p>}
      {!list && !error && <p className="muted">Asking…</p>}
      {list && list.events.length === 0 && <p className="muted">No changes found in the sources that could be read.</p>}
      {list && list.events.length > 0 && (
        <ul className="change-list">
          {list.events.slice(0, SHOWN).map((e, i) => (
            <li key={`${e.time}-${i}`} title={e.detail} data-kind={e.kind}>
              <span className="muted">{formatTimestamp(e.time, timeZone)}</span> <span className="change-kind">{e.kind}</span> {e.title}
            </li>
          ))}
        </ul>
      )}
      {list && list.events.length > SHOWN && <p className="muted">… and {list.events.length - SHOWN + list.omitted} older ones (the CLI lists them all: triage changes).</p>}
      {unread.length > 0 && (
        <p className="muted" data-testid="changes-unread">
          Not read (changes there are unknown): {unread.map((s) => `${s.name} — ${s.why ?? s.status}`).join('; ')}
        </p>
      )}
    </section>
  );
}
