import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CrashEntry, CrashList as CrashListResult } from '../../../native-bridge/contract/index.js';
import { formatBytes, formatTimestamp } from '../../app/format.js';
import { baseName, executableMatch, signalLabel, sortCrashes } from './display.js';
import { ErrorNote } from './ErrorNote.js';
import { useCore } from './store.js';
import { num, TableHead } from '../../app/TableHead.js';

function CrashRow({ crash, onOpen }: { crash: CrashEntry; onOpen: (path: string) => void }) {
  const match = executableMatch(crash.executableMatch);
  return (
    <tr data-testid="core-crash-row">
      <td>
        <span className="core-program" title={crash.commandLine ?? undefined}>
          {crash.program ?? baseName(crash.executable)}
        </span>
        {crash.path ? <div className="mono muted core-path">{crash.path}</div> : null}
        {crash.note ? <div className="muted core-note">{crash.note}</div> : null}
      </td>
      <td className="num">{crash.pid ?? '—'}</td>
      <td>{signalLabel(crash)}</td>
      <td className="num">{formatTimestamp(crash.timeMs)}</td>
      <td className="num">{formatBytes(crash.sizeBytes)}</td>
      <td>
        <span className={`core-badge tone-${match.tone}`} title={match.hint} data-testid="core-crash-exe">
          {match.label}
        </span>
        {crash.executable ? <div className="mono muted core-path">{crash.executable}</div> : null}
      </td>
      <td>
        <button
          type="button"
          className="button"
          disabled={!crash.openable || !crash.path}
          title={crash.openable ? undefined : (crash.note ?? 'Triage cannot open this entry directly.')}
          onClick={() => crash.path && onOpen(crash.path)}
          data-testid="core-crash-open"
        >
          Open
        </button>
      </td>
    </tr>
  );
}

/** Folders the user added to the search (cores written into a program's own working folder), and adding one. */
function ExtraFolders() {
  const { folders, folderError, addFolder, removeFolder } = useCore(
    useShallow((s) => ({ folders: s.folders, folderError: s.folderError, addFolder: s.addFolder, removeFolder: s.removeFolder })),
  );
  const [folderText, setFolderText] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (addFolder(folderText)) setFolderText('');
  };
  return (
    <>
      <form className="core-inline-form" onSubmit={submit}>
        <label className="core-field grow">
          <span>Also look in folder</span>
          <input className="mono" value={folderText} onChange={(e) => setFolderText(e.target.value)} placeholder="/home/you/project" spellCheck={false} data-testid="core-folder-input" />
        </label>
        <button type="submit" className="button" data-testid="core-folder-add">
          Add folder
        </button>
      </form>
      {folderError ? (
        <p className="core-inline-error" role="alert" data-testid="core-folder-error">
          {folderError}
        </p>
      ) : null}
      {folders.length > 0 ? (
        <ul className="core-chips" data-testid="core-folders">
          {folders.map((folder) => (
            <li key={folder} className="core-chip">
              <span className="mono">{folder}</span>
              <button type="button" aria-label={`Stop looking in ${folder}`} title="Stop looking here" onClick={() => removeFolder(folder)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The crashes found, newest first, then where Triage looked and what it could not read. */
function CrashResults({ list, onOpen }: { list: CrashListResult; onOpen: (path: string) => void }) {
  const rows = sortCrashes(list.crashes);
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted" data-testid="core-crashes-empty">
          No crashes found{list.searched.length ? ` in ${list.searched.join(', ')}` : ''}. Where the kernel writes cores into each program's own working folder, add
          that folder above.
        </p>
      ) : (
        <div className="core-table-wrap">
          <table className="table" data-testid="core-crash-table">
            <TableHead columns={['Program', num('PID'), 'Signal', num('Time'), num('Size'), 'Program file', { label: '', ariaLabel: 'Actions' }]} />
            <tbody>
              {rows.map((crash, i) => (
                <CrashRow key={`${crash.source}:${crash.path ?? ''}:${crash.pid ?? ''}:${i}`} crash={crash} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.searched.length > 0 && rows.length > 0 ? <p className="muted core-hint">Looked in {list.searched.join(', ')}.</p> : null}
      {list.problems.length > 0 ? (
        <ul className="core-problems" data-testid="core-crashes-problems">
          {list.problems.map((p, i) => (
            <li key={i}>
              <span className="mono">{p.where}</span>: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Cores found where the kernel puts them, in the user's folders, /var/crash and coredumpctl. */
export function CrashList() {
  const { folders, crashes, loadCrashes, openCore } = useCore(
    useShallow((s) => ({ folders: s.folders, crashes: s.crashes, loadCrashes: s.loadCrashes, openCore: s.openCore })),
  );

  // Looking again whenever the folder list changes keeps the table honest about what it searched.
  useEffect(() => {
    void loadCrashes();
  }, [folders, loadCrashes]);

  const list = crashes.data;
  return (
    <section className="card core-crashes" data-testid="core-crashes">
      <div className="core-section-head">
        <h2>Crashes</h2>
        <button type="button" className="button core-push-right" disabled={crashes.phase === 'loading'} onClick={() => void loadCrashes()} data-testid="core-crashes-refresh">
          Look again
        </button>
      </div>
      <ExtraFolders />
      {crashes.phase === 'error' && crashes.error ? <ErrorNote error={crashes.error} detail={crashes.detail} testId="core-crashes-error" /> : null}
      {crashes.phase === 'loading' ? <p className="muted">Looking for core files…</p> : null}
      {list ? <CrashResults list={list} onOpen={(path) => void openCore(path)} /> : null}
    </section>
  );
}
