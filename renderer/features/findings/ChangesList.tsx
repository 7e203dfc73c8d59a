import { useEffect, useState } from 'react';
import type { ChangesList as Changes } from '../../../native-bridge/contract/changes.js';
import { formatTimestamp } from '../../../native-bridge/common/format/time.js';
import { getClient } from '../../client/index.js';

const REFRESH_MS = 30_000;
const SHOWN = 50;

/** The last 2 h of changes, asked again every 30 s while the page is open. */
function useChanges(): { list: Changes | null; error: string | null } {
  const [state, setState] = useState<{ list: Changes | null; error: string | null }>({ list: null, error: null });
  useEffect(() => {
    let live = true;
    const load = (): void => {
      getClient()
        .call('changes.list', {})
        .then((list) => live && setState({ list, error: null }))
        .catch((error: Error) => live && setState((s) => ({ list: s.list, error: `Could not ask what changed: ${error.message}` })));
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return state;
}

export function ChangesList() {
  const { list, error } = useChanges();
  const unread = list?.sources.filter((s) => s.status !== 'read') ?? [];
  return (
    <section className="changes" data-testid="changes">
      <h2>What changed (last 2 h)</h2>
      {error && <p className="error-text">{error}</p>}
      {!list && !error && <p className="muted">Asking…</p>}
      {list && list.events.length === 0 && <p className="muted">No changes found in the sources that could be read.</p>}
      {list && list.events.length > 0 && (
        <ul className="change-list">
          {list.events.slice(0, SHOWN).map((e, i) => (
            <li key={`${e.time}-${i}`} title={e.detail} data-kind={e.kind}>
              <span className="muted">{formatTimestamp(e.time)}</span> <span className="change-kind">{e.kind}</span> {e.title}
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
