import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FileType } from '../../../native-bridge/contract/index.js';
import { emptyFilesText, OpenFilesTable, openFilesSummary } from './OpenFilesTable.js';
import { useNetwork } from './store.js';
import { ErrorText } from '../../app/RetryError.js';

export function OpenFilesView() {
  const { openPid, openFiles, ticks } = useNetwork(useShallow((s) => ({ openPid: s.openPid, openFiles: s.openFiles, ticks: s.watch.ticks })));
  const [type, setType] = useState<FileType | ''>('');
  const result = openFiles.data;
  const files = useMemo(() => (result?.files ?? []).filter((f) => type === '' || f.type === type), [result, type]);
  // Processes that hold sockets right now: a quick pick without leaving the page.
  const suggestions = useMemo(() => (ticks[ticks.length - 1]?.processes ?? []).slice().sort((a, b) => b.total - a.total).slice(0, 50), [ticks]);
  const store = useNetwork.getState();

  return (
    <div className="nf-view" data-testid="open-files-view">
      <section className="card">
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            void store.loadOpenFiles();
          }}
        >
          <label className="interval" htmlFor="nf-open-pid">
            Process id
          </label>
          <input
            id="nf-open-pid"
            className="nf-input nf-pid-input"
            inputMode="numeric"
            list="nf-pid-suggestions"
            value={openPid}
            onChange={(e) => store.setOpenPid(e.target.value)}
            placeholder="1234"
            data-testid="open-files-pid"
          />
          <datalist id="nf-pid-suggestions">
            {suggestions.map((p) => (
              <option key={`${p.pid}:${p.startTime}`} value={p.pid}>{`${p.name} (${p.user})`}</option>
            ))}
          </datalist>
          <button type="submit" className="button primary" disabled={openFiles.loading} data-testid="open-files-show">
            Show open files
          </button>
          {result ? (
            <label className="interval">
              Type
              <select value={type} onChange={(e) => setType(e.target.value as FileType | '')}>
                <option value="">any</option>
                {Object.keys(result.countsByType).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </form>
        <ErrorText error={openFiles.error} testId="open-files-error" alert={false} />
        {result ? (
          <p data-testid="open-files-head">
            <strong>{result.name}</strong> (pid {result.pid}, {result.user}): {openFilesSummary(result)}
          </p>
        ) : !openFiles.error ? (
          <p className="muted">Type a process id (or pick one that holds sockets) to list its files, sockets, pipes and devices.</p>
        ) : null}
      </section>
      {result ? (
        <section className="card nf-list-card">
          <OpenFilesTable files={files} maxHeight={640} empty={emptyFilesText(result)} />
        </section>
      ) : null}
    </div>
  );
}
