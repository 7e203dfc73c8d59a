import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConnectionsResult, OpenFilesResult } from '../../../native-bridge/contract/index.js';
import { describeError, getClient } from '../../client/index.js';
import { ConnectionsTable } from './ConnectionsTable.js';
import { flattenGroups, groupConnections, stateSummary } from './grouping.js';
import { plural } from '../../app/format.js';
import { emptyFilesText, OpenFilesTable, openFilesSummary } from './OpenFilesTable.js';
import type { Loadable } from './store.js';
import './network.css';

export interface ProcessTabProps {
  pid: number;
  /** Identity with the pid: a different process that reused the pid is never shown in its place. */
  startTime: number;
}

/** Loads once per identity and again on Refresh; answers for an identity no longer shown are dropped. */
function useFetched<T>(fetch: () => Promise<T>, identity: string): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T> & { identity: string }>({ data: null, error: null, loading: true, identity });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, identity, ...(s.identity === identity ? {} : { data: null, error: null }) }));
    fetch().then(
      (data) => live && setState({ data, error: null, loading: false, identity }),
      (error: unknown) => live && setState({ data: null, error: describeError(error), loading: false, identity }),
    );
    return () => {
      live = false;
    };
    // fetch is rebuilt each render; identity and round are what should trigger a load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identity, round]);
  return [state, useCallback(() => setRound((r) => r + 1), [])];
}

/** The sockets of one process, grouped by state: mounted by the process detail panel. */
export function ConnectionsTab({ pid, startTime }: ProcessTabProps) {
  const [state, refresh] = useFetched<ConnectionsResult>(() => getClient().call('net.connections', { pid }), `${pid}:${startTime}`);
  const mine = useMemo(
    () => (state.data?.connections ?? []).filter((c) => c.owners.some((o) => o.pid === pid && o.startTime === startTime)),
    [state.data, pid, startTime],
  );
  const groups = useMemo(() => groupConnections(mine, 'state'), [mine]);
  const items = useMemo(() => flattenGroups(groups, new Set(), false), [groups]);
  const byState = useMemo(() => Object.fromEntries(groups.map((g) => [g.key.slice(2), g.connections.length])), [groups]);
  return (
    <div className="nf-process-tab" data-testid="process-connections">
      <div className="controls">
        <span data-testid="process-connections-summary">
          {state.loading && !state.data ? 'Reading sockets…' : mine.length === 0 ? 'This process holds no TCP or UDP sockets.' : `${plural(mine.length, 'socket')}: ${stateSummary(byState)}`}
        </span>
        <button type="button" className="button" onClick={refresh} disabled={state.loading}>
          Refresh
        </button>
      </div>
      {state.error ? <p className="error-box">{state.error}</p> : null}
      {mine.length > 0 ? <ConnectionsTable items={items} testId="process-connections-table" maxHeight={360} /> : null}
    </div>
  );
}

/** The open descriptors of one process: mounted by the process detail panel. */
export function OpenFilesTab({ pid, startTime }: ProcessTabProps) {
  const [state, refresh] = useFetched<OpenFilesResult>(() => getClient().call('files.open', { pid, startTime }), `${pid}:${startTime}`);
  const result = state.data;
  return (
    <div className="nf-process-tab" data-testid="process-open-files">
      <div className="controls">
        <span data-testid="process-open-files-summary">
          {result ? openFilesSummary(result) : state.loading ? 'Reading descriptors…' : ''}
        </span>
        <button type="button" className="button" onClick={refresh} disabled={state.loading}>
          Refresh
        </button>
      </div>
      {state.error ? <p className="error-box">{state.error}</p> : null}
      {result ? <OpenFilesTable files={result.files} testId="process-open-files-table" maxHeight={360} empty={emptyFilesText(result)} /> : null}
    </div>
  );
}
