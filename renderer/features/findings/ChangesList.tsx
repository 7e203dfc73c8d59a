import { useEffect, useState } from 'react';
import type { ChangesList as Changes } from '../../../native-bridge/contract/changes.js';
import { getClient } from '../../client/index.js';
import { ChangesView } from './ChangesView.js';

const REFRESH_MS = 30_000;

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
  return <ChangesView list={list} error={error} heading="What changed (last 2 h)" />;
}
