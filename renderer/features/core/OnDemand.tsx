import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CoreAnalysis } from '../../../native-bridge/contract/index.js';
import { ErrorNote } from './ErrorNote.js';
import { orderThreads, threadTitle } from './display.js';
import { useCore } from './store.js';
import { TableHead } from '../../app/TableHead.js';

/** Registers and shared libraries cost another gdb run each, so they are read only when asked for. */
export function OnDemand({ analysis }: { analysis: CoreAnalysis }) {
  const { registers, libraries, loadRegisters, loadLibraries } = useCore(
    useShallow((s) => ({ registers: s.registers, libraries: s.libraries, loadRegisters: s.loadRegisters, loadLibraries: s.loadLibraries })),
  );
  const threads = orderThreads(analysis.threads, analysis.crashedThreadId);
  const [threadId, setThreadId] = useState<number | undefined>(threads[0]?.id);

  return (
    <section className="core-block core-ondemand" data-testid="core-ondemand">
      <div className="controls">
        {threads.length > 1 ? (
          <label className="interval">
            Thread
            <select value={threadId} onChange={(e) => setThreadId(Number(e.target.value))} data-testid="core-registers-thread">
              {threads.map((t) => (
                <option key={t.id} value={t.id}>
                  {threadTitle(t)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="button" disabled={registers.phase === 'loading'} onClick={() => void loadRegisters(threadId)} data-testid="core-registers-button">
          {registers.phase === 'loading' ? 'Reading registers…' : 'Show registers'}
        </button>
        <button type="button" className="button" disabled={libraries.phase === 'loading'} onClick={() => void loadLibraries()} data-testid="core-libraries-button">
          {libraries.phase === 'loading' ? 'Reading libraries…' : 'Show shared libraries'}
        </button>
      </div>
      {registers.phase === 'error' && registers.error ? <ErrorNote error={registers.error} detail={registers.detail} testId="core-registers-error" /> : null}
      {registers.data ? (
        <div data-testid="core-registers">
          <h3>Registers of thread {registers.data.threadId}</h3>
          <dl className="core-registers mono">
            {registers.data.registers.map((r) => (
              <div key={r.name}>
                <dt>{r.name}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {libraries.phase === 'error' && libraries.error ? <ErrorNote error={libraries.error} detail={libraries.detail} testId="core-libraries-error" /> : null}
      {libraries.data ? (
        <div className="core-table-wrap" data-testid="core-libraries">
          <h3>Shared libraries ({libraries.data.libraries.length})</h3>
          <table className="table">
            <TableHead columns={['Library', 'Symbols', 'Code addresses', 'On this machine']} />
            <tbody>
              {libraries.data.libraries.map((lib, i) => (
                <tr key={`${lib.path}:${i}`}>
                  <td className="mono wrap">{lib.path}</td>
                  <td>{lib.symbolsLoaded ? 'loaded' : 'missing'}</td>
                  <td className="mono">{lib.from && lib.to ? `${lib.from} – ${lib.to}` : '—'}</td>
                  <td>{lib.present ? 'yes' : 'missing'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
