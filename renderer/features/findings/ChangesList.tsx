import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangesList as Changes } from '../../../native-bridge/contract/changes.js';
import { useVisibleInterval } from '../../app/useVisibleInterval.js';
import { getClient } from '../../client/index.js';
import { ChangesView } from './ChangesView.js';

const REFRESH_MS = 30_000;

/** The last 2 h of changes, asked again every 30 s while the page is open and seen. */
function useChanges(): { list: Changes | null; error: string | null } {
  const [state, setState] = useState<{ list: Changes | null; error: string | null }>({ list: null, error: null });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const load = useCallback((): void => {
    getClient()
      .call('changes.list', {})
      .then((list) => mounted.current && setState({ list, error: null }))
      .catch((error: Error) => mounted.current && setState((s) => ({ list: s.list, error: `Could not ask what changed: ${error.message}` })));
  }, []);
  useVisibleInterval(load, REFRESH_MS);
  return state;
}

export function ChangesList() {
  const { list, error } = useChanges();
  return <ChangesView list={list} error={error} heading="What changed (last 2 h)" />;
}
