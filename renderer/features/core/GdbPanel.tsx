import { lazy, Suspense, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CoreAnalysis } from '../../../native-bridge/contract/index.js';
import { CopyTextButton } from '../../app/CopyTextButton.js';
import { getClient } from '../../client/index.js';
import { terminalChannel } from '../terminal/index.js';
import { ErrorNote } from './ErrorNote.js';
import { gdbCommandFor } from './gdb-command.js';
import { useCore } from './store.js';

// xterm.js is heavy and most analyses never open gdb: load the terminal on the first click.
const TerminalView = lazy(() => import('../terminal/index.js').then((m) => ({ default: m.TerminalView })));

/** "Continue in gdb": gdb on this core in a terminal below, or the same command to copy. */
export function GdbPanel({ analysis }: { analysis: CoreAnalysis }) {
  const { gdb, openGdb, closeGdb } = useCore(useShallow((s) => ({ gdb: s.gdb, openGdb: s.openGdb, closeGdb: s.closeGdb })));
  const id = gdb.state === 'open' ? gdb.id : null;
  const channel = useMemo(() => (id ? terminalChannel(getClient(), id) : null), [id]);
  const command = gdbCommandFor(analysis.core.path, analysis.executable.path);

  return (
    <section className="core-block" data-testid="core-gdb">
      <div className="core-section-head">
        <h3>Continue in gdb</h3>
        {gdb.state === 'open' ? null : (
          <button type="button" className="button core-push-right" disabled={gdb.state === 'opening'} onClick={() => void openGdb()} data-testid="core-gdb-open">
            {gdb.state === 'opening' ? 'Starting gdb…' : 'Continue in gdb'}
          </button>
        )}
      </div>
      <p className="muted">
        Keep digging with gdb&apos;s own commands (bt full, frame 1, info locals, print …) in a terminal here. gdb loads no init files or scripts from the
        core&apos;s folder and downloads nothing.
      </p>
      {gdb.state === 'error' ? <ErrorNote error={gdb.error} detail={gdb.detail} testId="core-gdb-error" /> : null}
      {channel ? (
        <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
          <TerminalView
            channel={channel}
            autoFocus
            title="gdb"
            hint="Type gdb commands here; quit or Close ends gdb. Ctrl+Shift+C copies."
            testIdPrefix="core-gdb"
            programName="gdb"
            actions={
              <button type="button" className="button" onClick={() => void closeGdb()} data-testid="core-gdb-close">
                Close
              </button>
            }
          />
        </Suspense>
      ) : null}
      <p className="muted small">Or run the same in your own terminal:</p>
      <div className="core-command">
        <code className="mono" data-testid="core-gdb-command">
          {command}
        </code>
        <CopyTextButton text={command} failedLabel="Select and copy by hand" />
      </div>
    </section>
  );
}
